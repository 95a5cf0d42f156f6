using System.IO.MemoryMappedFiles;

namespace Plumb.Metrics;

/// <summary>
/// A file mapped into memory copy-on-write: its bytes are read from the page cache where they lie, without a
/// copy into freshly allocated memory, and a write changes this process' view only, never the file.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _start;

    /// <summary>The file's length in bytes.</summary>
    public int Length { get; }

    private MappedFile(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > int.MaxValue) throw new InvalidDataException($"{path}: {length:N0} bytes; files up to 2 GiB are read");
        Length = (int)length;
        if (Length == 0) return; // an empty file cannot be mapped; its span is empty
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.CopyOnWrite);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.CopyOnWrite);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _start = p + _view.PointerOffset;
    }

    /// <summary>Maps <paramref name="path"/>; I/O failures become <see cref="InvalidDataException"/> naming the file.</summary>
    public static MappedFile Open(string path)
    {
        try { return new MappedFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"{path}: {e.Message}"); }
    }

    /// <summary>The bytes (writable: writes stay private to this mapping).</summary>
    public Span<byte> Span => new(_start, Length);

    public void Dispose()
    {
        if (_view is null) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map!.Dispose();
    }
}
