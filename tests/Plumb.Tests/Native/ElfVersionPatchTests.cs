using System.Buffers.Binary;
using System.Text;
using Plumb.Native;

namespace Plumb.Tests.Native;

public class ElfVersionPatchTests
{
    // Reference hashes from the System V ABI's elf_hash, computed independently in Python:
    // printf -> 0x077905a6 (the value quoted in the ABI literature), GLIBCXX_3.4.21 -> 0x0297f871.
    [Theory]
    [InlineData("printf", 0x077905a6u)]
    [InlineData("GLIBCXX_3.4.21", 0x0297f871u)]
    [InlineData("GLIBCXX_3.4.32", 0x0297f842u)]
    [InlineData("", 0u)]
    public void ElfHash_matches_reference(string name, uint expected) =>
        Assert.Equal(expected, ElfVersionPatch.ElfHash(name));

    [Fact]
    public void Rename_rewrites_name_and_hash_of_the_matching_requirement_only()
    {
        byte[] elf = SyntheticElf.Build(("libstdc++.so.6", ["GLIBCXX_3.4.21", "GLIBCXX_3.4.32"]), ("libc.so.6", ["GLIBC_2.14"]));
        int changed = ElfVersionPatch.Rename(elf, "GLIBCXX_3.4.32", "GLIBCXX_3.4.21");

        Assert.Equal(1, changed);
        var reqs = ElfVersionPatch.Requirements(elf);
        Assert.Equal(
            [("libstdc++.so.6", "GLIBCXX_3.4.21"), ("libstdc++.so.6", "GLIBCXX_3.4.21"), ("libc.so.6", "GLIBC_2.14")],
            reqs);
        // The second aux entry's vna_hash now holds the hash of the new name.
        Assert.Equal(0x0297f871u, BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(SyntheticElf.AuxOffset(1))));
        // Other entries untouched.
        Assert.Equal(ElfVersionPatch.ElfHash("GLIBC_2.14"), BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(SyntheticElf.AuxOffset(2))));
    }

    [Fact]
    public void Rename_is_a_no_op_when_nothing_requires_the_version()
    {
        byte[] elf = SyntheticElf.Build(("libstdc++.so.6", ["GLIBCXX_3.4.21"]));
        byte[] before = (byte[])elf.Clone();
        Assert.Equal(0, ElfVersionPatch.Rename(elf, "GLIBCXX_3.4.32", "GLIBCXX_3.4.21"));
        Assert.Equal(before, elf);
    }

    [Fact]
    public void Rename_refuses_names_of_different_length() =>
        Assert.Throws<ArgumentException>(() => ElfVersionPatch.Rename(SyntheticElf.Build(), "GLIBCXX_3.4.32", "GLIBCXX_3.4"));

    [Fact]
    public void Requirements_refuses_non_elf_input()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.Requirements(Encoding.ASCII.GetBytes(new string('x', 100))));
        byte[] truncated = SyntheticElf.Build(("libstdc++.so.6", ["GLIBCXX_3.4.21"]))[..80];
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.Requirements(truncated));
    }

    [Fact]
    public void The_shipped_shim_requires_the_missing_version_and_patching_removes_it()
    {
        // Provenance: `readelf -V libLibTorchSharp.so` (TorchSharp 0.107.0) lists
        // "Name: GLIBCXX_3.4.32  Flags: none  Version: 18" under libstdc++.so.6.
        string original = Path.Combine(NuGetRoot(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(original), $"TorchSharp package not in the NuGet cache: {original}");
        byte[] bytes = File.ReadAllBytes(original);
        Assert.Contains(("libstdc++.so.6", "GLIBCXX_3.4.32"), ElfVersionPatch.Requirements(bytes));

        Assert.Equal(1, ElfVersionPatch.Rename(bytes, TorchNativeFix.MissingVersion, TorchNativeFix.ReplacementVersion));
        Assert.DoesNotContain(ElfVersionPatch.Requirements(bytes), r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal(0, ElfVersionPatch.Rename(bytes, TorchNativeFix.MissingVersion, TorchNativeFix.ReplacementVersion));
    }

    [Fact]
    public void PatchFile_patches_a_copy_atomically_and_is_idempotent()
    {
        string dir = Directory.CreateTempSubdirectory("plumb-elf").FullName;
        try
        {
            string path = Path.Combine(dir, "libLibTorchSharp.so");
            File.WriteAllBytes(path, SyntheticElf.Build(("libstdc++.so.6", ["GLIBCXX_3.4.32"])));

            Assert.StartsWith("not needed: host has", TorchNativeFix.PatchFile(path, hostHasVersion: true));
            Assert.Contains(("libstdc++.so.6", "GLIBCXX_3.4.32"), ElfVersionPatch.Requirements(File.ReadAllBytes(path)));

            Assert.StartsWith("patched", TorchNativeFix.PatchFile(path, hostHasVersion: false));
            Assert.Equal([("libstdc++.so.6", "GLIBCXX_3.4.21")], ElfVersionPatch.Requirements(File.ReadAllBytes(path)));
            Assert.StartsWith("not needed: already loadable", TorchNativeFix.PatchFile(path, hostHasVersion: false));
            Assert.Single(Directory.GetFiles(dir)); // no temp file left behind
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void PatchFile_never_edits_the_nuget_cache()
    {
        string cacheFile = Path.Combine(NuGetRoot(), "plumb-test-" + Guid.NewGuid().ToString("N") + ".so");
        Directory.CreateDirectory(NuGetRoot());
        File.WriteAllBytes(cacheFile, SyntheticElf.Build(("libstdc++.so.6", ["GLIBCXX_3.4.32"])));
        try
        {
            Assert.Throws<InvalidOperationException>(() => TorchNativeFix.PatchFile(cacheFile, hostHasVersion: false));
        }
        finally { File.Delete(cacheFile); }
    }

    private static string NuGetRoot() => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

/// <summary>Writes a minimal ELF64 LE file with a .dynstr and a .gnu.version_r section, laid out by hand.</summary>
internal static class SyntheticElf
{
    private const int ShEntSize = 64, StrOff = 0x100, VerneedOff = 0x200, ShOff = 0x400;

    /// <summary>File offset of the n-th vernaux entry (0-based across all files).</summary>
    public static int AuxOffset(int n) => AuxOffsets[n];

    private static readonly List<int> AuxOffsets = [];

    public static byte[] Build(params (string File, string[] Versions)[] needs)
    {
        var bytes = new byte[ShOff + 3 * ShEntSize];
        "\x7f"u8.CopyTo(bytes); "ELF"u8.CopyTo(bytes.AsSpan(1));
        bytes[4] = 2; bytes[5] = 1; bytes[6] = 1;
        W64(bytes, 0x28, ShOff);
        W16(bytes, 0x3A, ShEntSize);
        W16(bytes, 0x3C, 3);

        // .dynstr
        var strings = new List<byte> { 0 };
        int Add(string s) { int o = strings.Count; strings.AddRange(Encoding.ASCII.GetBytes(s)); strings.Add(0); return o; }

        AuxOffsets.Clear();
        int vn = VerneedOff;
        for (int f = 0; f < needs.Length; f++)
        {
            var (file, versions) = needs[f];
            W16(bytes, vn, 1);
            W16(bytes, vn + 2, versions.Length);
            W32(bytes, vn + 4, Add(file));
            W32(bytes, vn + 8, 16);
            int aux = vn + 16;
            for (int a = 0; a < versions.Length; a++)
            {
                AuxOffsets.Add(aux);
                W32(bytes, aux, ElfVersionPatchHash(versions[a]));
                W32(bytes, aux + 8, Add(versions[a]));
                W32(bytes, aux + 12, a == versions.Length - 1 ? 0 : 16);
                aux += 16;
            }
            int size = 16 + 16 * versions.Length;
            W32(bytes, vn + 12, f == needs.Length - 1 ? 0 : size);
            vn += size;
        }
        strings.ToArray().CopyTo(bytes, StrOff);

        // section 1: .dynstr (SHT_STRTAB), section 2: .gnu.version_r linking to 1
        int s1 = ShOff + ShEntSize, s2 = ShOff + 2 * ShEntSize;
        W32(bytes, s1 + 4, 3);
        W64(bytes, s1 + 0x18, StrOff);
        W64(bytes, s1 + 0x20, strings.Count);
        W32(bytes, s2 + 4, unchecked((int)0x6ffffffe));
        W64(bytes, s2 + 0x18, VerneedOff);
        W32(bytes, s2 + 0x28, 1);
        W32(bytes, s2 + 0x2C, needs.Length);
        return bytes;
    }

    private static int ElfVersionPatchHash(string s) => unchecked((int)ElfVersionPatch.ElfHash(s));
    private static void W16(byte[] b, int o, int v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(o), (ushort)v);
    private static void W32(byte[] b, int o, int v) => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(o), v);
    private static void W64(byte[] b, int o, long v) => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(o), v);
}
