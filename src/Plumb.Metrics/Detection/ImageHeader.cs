using System.Buffers.Binary;

namespace Plumb.Metrics.Detection;

/// <summary>
/// Width and height of a PNG or JPEG image read from its header bytes (no image library, no decoding).
/// </summary>
/// <remarks>
/// <para>PNG: the 8-byte signature, then the IHDR chunk's big-endian width and height. JPEG: the segments after
/// SOI (FF D8) are walked by their lengths to the first start-of-frame marker (SOF0–SOF15 except DHT C4, JPG C8,
/// DAC CC), whose frame header holds height then width. EXIF orientation is not applied: the sizes are the
/// stored ones. Other formats are refused.</para>
/// <code>
/// var (w, h) = ImageHeader.ReadSize("images/val/000001.jpg");
/// </code>
/// </remarks>
public static class ImageHeader
{
    /// <summary>File extensions whose headers are read (lower case, with the dot).</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads the size from a PNG or JPEG file.</summary>
    /// <exception cref="InvalidDataException">Not a PNG or JPEG, a truncated header, or an unreadable file (the message names the file).</exception>
    public static (int Width, int Height) ReadSize(string path)
    {
        try
        {
            using var f = File.OpenRead(path);
            Span<byte> head = stackalloc byte[24];
            int n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (n >= 24 && head[..8].SequenceEqual(PngSignature))
            {
                if (!head.Slice(12, 4).SequenceEqual("IHDR"u8)) throw new InvalidDataException($"{path}: PNG without an IHDR chunk first");
                return Checked(path, BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]));
            }
            if (n >= 2 && head[0] == 0xFF && head[1] == 0xD8)
            {
                f.Position = 2;
                return Jpeg(f, path);
            }
            throw new InvalidDataException($"{path}: not a PNG or JPEG file (only their headers are read; give the sizes with --sizes)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static (int, int) Jpeg(Stream f, string path)
    {
        Span<byte> b = stackalloc byte[7];
        while (true)
        {
            int c = f.ReadByte();
            if (c < 0) break;
            if (c != 0xFF) throw new InvalidDataException($"{path}: malformed JPEG (expected a marker at byte {f.Position - 1})");
            int marker;
            do marker = f.ReadByte(); while (marker == 0xFF); // fill bytes
            if (marker < 0) break;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8)) continue; // no length
            if (marker == 0xD9) break; // EOI
            if (f.ReadAtLeast(b[..2], 2, throwOnEndOfStream: false) < 2) break;
            int length = BinaryPrimitives.ReadUInt16BigEndian(b);
            if (length < 2) throw new InvalidDataException($"{path}: malformed JPEG (segment length {length})");
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (f.ReadAtLeast(b[..5], 5, throwOnEndOfStream: false) < 5) break;
                return Checked(path, BinaryPrimitives.ReadUInt16BigEndian(b[3..]), BinaryPrimitives.ReadUInt16BigEndian(b[1..]));
            }
            f.Seek(length - 2, SeekOrigin.Current);
        }
        throw new InvalidDataException($"{path}: JPEG without a frame header (truncated?)");
    }

    private static (int, int) Checked(string path, int w, int h) =>
        w > 0 && h > 0 ? (w, h) : throw new InvalidDataException($"{path}: image size {w} × {h} in the header is not positive");
}
