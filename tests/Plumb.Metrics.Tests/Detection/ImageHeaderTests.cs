using Plumb.Metrics.Detection;

namespace Plumb.Metrics.Tests.Detection;

/// <summary>Image sizes from hand-built PNG and JPEG headers (the byte layouts of the PNG spec and JPEG T.81).</summary>
public sealed class ImageHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-img").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    internal static byte[] Png(int w, int h) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        (byte)(w >> 24), (byte)(w >> 16), (byte)(w >> 8), (byte)w, (byte)(h >> 24), (byte)(h >> 16), (byte)(h >> 8), (byte)h,
        8, 2, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>SOI, an APP0 segment (16 bytes), a DHT segment (C4, must be skipped), fill bytes, then a frame header.</summary>
    internal static byte[] Jpeg(int w, int h, byte sof = 0xC0) =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC4, 0x00, 0x05, 0x00, 0x01, 0x02,
        0xFF, 0xFF, sof, 0x00, 0x11, 0x08, (byte)(h >> 8), (byte)h, (byte)(w >> 8), (byte)w, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        0xFF, 0xD9,
    ];

    [Fact]
    public void PngSizeIsTheIhdrWidthAndHeight()
    {
        Assert.Equal((640, 480), ImageHeader.ReadSize(Write("a.png", Png(640, 480))));
        Assert.Equal((70000, 3), ImageHeader.ReadSize(Write("b.png", Png(70000, 3))));
    }

    [Fact]
    public void JpegSizeComesFromTheFrameHeaderNotFromTheHuffmanTable()
    {
        Assert.Equal((1280, 720), ImageHeader.ReadSize(Write("a.jpg", Jpeg(1280, 720))));
        Assert.Equal((33, 4000), ImageHeader.ReadSize(Write("p.jpeg", Jpeg(33, 4000, sof: 0xC2)))); // progressive
    }

    [Fact]
    public void OtherFormatsAndTruncatedFilesAreRefusedNamingTheFile()
    {
        string bmp = Write("x.bmp", [(byte)'B', (byte)'M', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => ImageHeader.ReadSize(bmp));
        Assert.StartsWith(bmp + ": not a PNG or JPEG file", e.Message);
        string cut = Write("cut.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 1, 2]);
        e = Assert.Throws<InvalidDataException>(() => ImageHeader.ReadSize(cut));
        Assert.StartsWith(cut + ": JPEG without a frame header", e.Message);
        string zero = Write("z.png", Png(0, 10));
        Assert.Contains("image size 0 × 10", Assert.Throws<InvalidDataException>(() => ImageHeader.ReadSize(zero)).Message);
    }

    [Fact]
    public void YoloSizesComeFromTheImagesBesideTheLabels()
    {
        string labels = Path.Combine(_dir, "data", "labels", "val"), images = Path.Combine(_dir, "data", "images", "val");
        Directory.CreateDirectory(labels);
        Directory.CreateDirectory(images);
        File.WriteAllText(Path.Combine(labels, "a.txt"), "0 0.5 0.5 0.5 0.5\n");
        File.WriteAllText(Path.Combine(labels, "b.txt"), "");
        File.WriteAllBytes(Path.Combine(images, "a.PNG"), Png(200, 100));
        File.WriteAllBytes(Path.Combine(images, "b.jpg"), Jpeg(64, 48));
        Assert.Equal(images, YoloLabels.ConventionalImageDir(labels));
        var sizes = YoloLabels.ReadSizesFromImages(labels, images);
        Assert.Equal((200.0, 100.0), sizes["a"]);
        Assert.Equal((64.0, 48.0), sizes["b"]);
        File.Delete(Path.Combine(images, "b.jpg"));
        File.WriteAllBytes(Path.Combine(images, "b.webp"), [1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => YoloLabels.ReadSizesFromImages(labels, images));
        Assert.Equal(Path.Combine(images, "b.webp") + ": only PNG and JPEG image sizes are read; give the sizes with --sizes", e.Message);
        File.Delete(Path.Combine(images, "b.webp"));
        e = Assert.Throws<InvalidDataException>(() => YoloLabels.ReadSizesFromImages(labels, images));
        Assert.StartsWith(Path.Combine(labels, "b.txt") + ": no image 'b.png' or 'b.jpg' in " + images, e.Message);
    }
}
