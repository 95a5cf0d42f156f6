using System.Buffers.Binary;
using System.Text;

namespace Plumb.Native;

/// <summary>
/// Rewrites one symbol-version requirement (an entry of <c>.gnu.version_r</c>) of a 64-bit little-endian
/// ELF shared library. Pure function over bytes: no I/O, no loading.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> (GCC 13's libstdc++) for a
/// single symbol it imports but never calls. Renaming that requirement to a version of equal length that
/// older libstdc++ has (<c>GLIBCXX_3.4.21</c>), and updating the entry's ELF hash, lets the dynamic loader
/// accept the library on Debian 12. See <see cref="TorchNativeFix"/>.
/// </remarks>
internal static class ElfVersionPatch
{
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The System V ELF hash of a symbol or version name (as stored in <c>vna_hash</c>).</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    /// <summary>Lists the version requirements of the library as (needed file, version name) pairs.</summary>
    public static IReadOnlyList<(string File, string Version)> Requirements(ReadOnlySpan<byte> elf)
    {
        var result = new List<(string, string)>();
        foreach (var aux in Walk(elf)) result.Add((aux.File, aux.Version));
        return result;
    }

    /// <summary>
    /// Renames every requirement named <paramref name="from"/> to <paramref name="to"/> (same length) in place
    /// and sets its hash. Returns how many entries were changed: 0 means nothing required <paramref name="from"/>
    /// (for example, the library is already patched).
    /// </summary>
    /// <exception cref="ArgumentException">Names of different lengths.</exception>
    /// <exception cref="InvalidDataException">Not a 64-bit little-endian ELF file, or a malformed one.</exception>
    public static int Rename(Span<byte> elf, string from, string to)
    {
        if (from.Length != to.Length)
            throw new ArgumentException($"version names must have equal length: '{from}' vs '{to}'", nameof(to));
        byte[] newName = Encoding.ASCII.GetBytes(to);
        uint newHash = ElfHash(to);
        int changed = 0;
        foreach (var aux in Walk(elf))
        {
            if (aux.Version != from) continue;
            newName.CopyTo(elf.Slice(aux.NameOffset, newName.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(elf.Slice(aux.AuxOffset, 4), newHash);
            changed++;
        }
        return changed;
    }

    private readonly record struct Aux(string File, string Version, int AuxOffset, int NameOffset);

    private static List<Aux> Walk(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long shoff = (long)U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A);
        int shnum = U16(elf, 0x3C);
        var result = new List<Aux>();
        for (int i = 0; i < shnum; i++)
        {
            int sh = Checked(elf, shoff + (long)i * shentsize, 64);
            if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
            int offset = Checked(elf, (long)U64(elf, sh + 0x18), 0);
            int link = (int)U32(elf, sh + 0x28);
            int count = (int)U32(elf, sh + 0x2C);
            int strSh = Checked(elf, shoff + (long)link * shentsize, 64);
            int strOff = Checked(elf, (long)U64(elf, strSh + 0x18), 0);

            int vn = offset;
            for (int n = 0; n < count; n++)
            {
                Checked(elf, vn, 16);
                int cnt = U16(elf, vn + 2);
                string file = CString(elf, strOff + (int)U32(elf, vn + 4));
                int aux = vn + (int)U32(elf, vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    Checked(elf, aux, 16);
                    int nameOff = strOff + (int)U32(elf, aux + 8);
                    result.Add(new Aux(file, CString(elf, nameOff), aux, nameOff));
                    aux += (int)U32(elf, aux + 12);
                }
                uint next = U32(elf, vn + 12);
                if (next == 0) break;
                vn += (int)next;
            }
        }
        return result;
    }

    private static int Checked(ReadOnlySpan<byte> elf, long offset, int length) =>
        offset >= 0 && offset + length <= elf.Length ? (int)offset : throw new InvalidDataException($"ELF offset {offset} out of range");

    private static string CString(ReadOnlySpan<byte> elf, int offset)
    {
        Checked(elf, offset, 1);
        int end = elf[offset..].IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException($"unterminated string at {offset}");
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }

    private static ushort U16(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b[o..]);
    private static uint U32(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b[o..]);
    private static ulong U64(ReadOnlySpan<byte> b, long o) => BinaryPrimitives.ReadUInt64LittleEndian(b[(int)o..]);
}
