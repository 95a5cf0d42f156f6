using Parquet.Schema;
using Plumb.Cli.Data;

namespace Plumb.Cli.Tests;

public sealed class TableReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Error(Action read) => Assert.Throws<UsageException>(read).Message;

    [Fact]
    public void Csv_keeps_raw_text_and_numbers_side_by_side()
    {
        string path = _files.Text("t.csv",
            "id,colour,x,note",
            "1,red,0.5,\"a, b\"",
            "2,blue,,\"say \"\"hi\"\"\"",
            "3,red,-2e3,#not a comment");
        var t = TableReader.Read(path);
        Assert.Equal(TableFormat.Csv, t.Format);
        Assert.Equal(3, t.Rows);
        Assert.Equal(["id", "colour", "x", "note"], t.Names);
        var colour = t.Column("colour");
        Assert.False(colour.IsNumeric);
        Assert.Equal(["red", "blue"], colour.Levels());
        Assert.Equal(0, colour.FirstNonNumeric);
        var x = t.Column("x");
        Assert.True(x.IsNumeric);
        Assert.Equal(1, x.MissingCount);
        Assert.True(x.IsMissing(1));
        Assert.Null(x.Raw(1));
        Assert.Equal(0.5, x.Number(0));
        Assert.True(double.IsNaN(x.Number(1)));
        Assert.Equal(-2000, x.Number(2));
        Assert.Equal("-2e3", x.Raw(2));
        Assert.Equal(["a, b", "say \"hi\"", "#not a comment"], Enumerable.Range(0, 3).Select(i => t.Column("note").Raw(i)));
        Assert.Equal([1.0, 2, 3], t.Column("id").RequireFinite());
    }

    [Fact]
    public void Columns_of_round_trip_numbers_are_stored_as_numbers_and_give_back_their_text()
    {
        // Python's repr of floats (what pandas and numpy write) is the shortest round-trip form, as .NET's "R".
        string path = _files.Text("t.csv", "y,p,q", "1,0.8370642128284209,0.50", "0,1e-07,1", "1,,2");
        var t = TableReader.Read(path);
        var p = t.Column("p");
        Assert.False(t.Column("y").KeepsText);
        Assert.False(p.KeepsText);
        Assert.Equal("0.8370642128284209", p.Raw(0));
        Assert.Equal(1e-07, p.Number(1));
        Assert.Equal("1E-07", p.Raw(1)); // regenerated: the exponent letter is .NET's
        Assert.True(p.IsMissing(2));
        Assert.Null(p.Raw(2));
        // "0.50" is not round-trip form: the column still keeps numbers, with that cell's text beside it.
        var q = t.Column("q");
        Assert.False(q.KeepsText);
        Assert.Equal(["0.50", "1", "2"], Enumerable.Range(0, 3).Select(q.Raw));
        Assert.Equal([0.5, 1, 2], q.RequireFinite());
        // The trainer's view of each column reads the same text, cell for cell, without a string per number.
        foreach (var c in t.Columns)
        {
            var cells = c.ToCells();
            Assert.Equal(Enumerable.Range(0, 3).Select(i => c.Raw(i) ?? ""), cells);
        }
        Assert.True(q.ToCells().HoldsNumbers);
    }

    [Fact]
    public void Columns_mostly_written_otherwise_keep_their_text()
    {
        // "3.0", "4.0", …: few such cells ride beside the numbers; once they are common the column keeps strings.
        string path = _files.Text("many.csv", ["a,b", .. Enumerable.Range(0, 300).Select(i => $"{i}.0,{i}")]);
        var t = TableReader.Read(path);
        Assert.True(t.Column("a").KeepsText);
        Assert.Equal(["0.0", "1.0", "299.0"], new[] { 0, 1, 299 }.Select(t.Column("a").Raw));
        Assert.Equal(299.0, t.Column("a").Number(299));
        Assert.False(t.Column("b").KeepsText);
    }

    [Fact]
    public void Tsv_is_chosen_by_extension_and_commas_stay_in_fields()
    {
        string path = _files.Text("t.tsv", "a\tb c", "1,5\t2", "3\t4");
        var t = TableReader.Read(path);
        Assert.Equal(TableFormat.Tsv, t.Format);
        Assert.Equal(["a", "b c"], t.Names);
        Assert.Equal("1,5", t.Column("a").Raw(0));
        Assert.False(t.Column("a").IsNumeric); // invariant culture: a comma is not a decimal separator
        Assert.Equal([2.0, 4], t.Column("b c").RequireFinite());
    }

    [Fact]
    public void Blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file()
    {
        string path = _files.Text("t.csv", "y,p", "1,0.5", "", "0,oops");
        var t = TableReader.Read(path);
        Assert.Equal(2, t.Rows);
        Assert.Equal(2, t.RowNumber(0));
        Assert.Equal(4, t.RowNumber(1));
        string msg = Error(() => t.Column("p").RequireFinite());
        Assert.Equal($"{path}: row 4, column 'p': value 'oops' is not a number", msg);
    }

    [Theory]
    [InlineData("NaN", "not finite")]
    [InlineData("nan", "not finite")]
    [InlineData("inf", "not finite")]
    [InlineData("-Infinity", "not finite")]
    [InlineData("1.2.3", "not a number")]
    [InlineData("", "empty value")]
    public void RequireFinite_names_file_row_column_and_value(string cell, string what)
    {
        string path = _files.Text("t.csv", "a,b", "1,2", $"3,{cell}");
        string msg = Error(() => TableReader.Read(path).Column("b").RequireFinite());
        Assert.StartsWith($"{path}: row 3, column 'b': ", msg);
        Assert.Contains(what, msg);
        if (cell.Length > 0) Assert.Contains($"'{cell}'", msg);
    }

    [Fact]
    public void Missing_column_lists_the_available_ones()
    {
        string path = _files.Text("t.csv", "target,score", "1,0.5");
        string msg = Error(() => TableReader.Read(path).Column("Target"));
        Assert.Equal($"{path}: no column 'Target'; did you mean 'target'? (available: target, score)", msg);
        Assert.Equal($"{path}: no column 'label' (available: target, score)", Error(() => TableReader.Read(path).Column("label")));
    }

    [Fact]
    public void Ragged_rows_name_the_row_and_the_column()
    {
        string shortRow = _files.Text("short.csv", "a,b,c", "1,2,3", "4,5");
        Assert.Equal($"{shortRow}: row 3: 2 fields but the header has 3 (no value for column 'c')", Error(() => TableReader.Read(shortRow)));
        string longRow = _files.Text("long.csv", "a,b", "1,2", "3,4", "5,6,7");
        Assert.Equal($"{longRow}: row 4: 3 fields but the header has 2 (extra value '7' after column 'b')", Error(() => TableReader.Read(longRow)));
    }

    [Fact]
    public void Empty_files_headers_without_rows_and_bad_headers_are_refused()
    {
        string empty = _files.Text("empty.csv");
        Assert.StartsWith($"{empty}: file is empty", Error(() => TableReader.Read(empty)));
        string header = _files.Text("header.csv", "a,b");
        Assert.Equal($"{header}: no data rows (only a header: a, b)", Error(() => TableReader.Read(header)));
        string dup = _files.Text("dup.csv", "a,b,a", "1,2,3");
        Assert.Equal($"{dup}: column name 'a' appears more than once in the header", Error(() => TableReader.Read(dup)));
        string blank = _files.Text("blank.csv", "a,,c", "1,2,3");
        Assert.Equal($"{blank}: row 1, column 2: empty column name in the header", Error(() => TableReader.Read(blank)));
        string emptyParquet = _files.Text("empty.parquet");
        Assert.StartsWith($"{emptyParquet}: file is empty", Error(() => TableReader.Read(emptyParquet)));
        string notParquet = _files.Text("junk.parquet", "this is not parquet");
        Assert.StartsWith($"{notParquet}: not a readable Parquet file", Error(() => TableReader.Read(notParquet)));
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_usage_errors()
    {
        Assert.Equal("x.xlsx: unknown data format '.xlsx' (expected .csv, .tsv or .parquet)", Error(() => TableReader.Read("x.xlsx")));
        string missing = Path.Combine(_files.Dir, "nope.csv");
        Assert.Equal($"{missing}: file not found", Error(() => TableReader.Read(missing)));
    }

    [Fact]
    public void Parquet_reads_numbers_booleans_strings_and_nulls_across_row_groups()
    {
        var id = new DataField<int>("id");
        var score = new DataField<double?>("score");
        var flag = new DataField<bool>("flag");
        var city = new DataField<string>("city");
        var count = new DataField<long>("count");
        string path = _files.Parquet("t.parquet", new ParquetSchema(id, score, flag, city, count),
            async rg =>
            {
                await rg.WriteAsync<int>(id, new[] { 1, 2 });
                await rg.WriteAsync<double>(score, new double?[] { 0.25, null });
                await rg.WriteAsync<bool>(flag, new[] { true, false });
                await rg.WriteAsync(city, new[] { "Oslo", "Lima" });
                await rg.WriteAsync<long>(count, new[] { 10L, 20L });
            },
            async rg =>
            {
                await rg.WriteAsync<int>(id, new[] { 3 });
                await rg.WriteAsync<double>(score, new double?[] { double.NaN });
                await rg.WriteAsync<bool>(flag, new[] { true });
                await rg.WriteAsync(city, new string?[] { null });
                await rg.WriteAsync<long>(count, new[] { 30L });
            });
        var t = TableReader.Read(path);
        Assert.Equal(TableFormat.Parquet, t.Format);
        Assert.Equal(3, t.Rows);
        Assert.Equal(["id", "score", "flag", "city", "count"], t.Names);
        Assert.Equal([1.0, 2, 3], t.Column("id").RequireFinite());
        Assert.Equal([10.0, 20, 30], t.Column("count").RequireFinite());
        Assert.Equal([1.0, 0, 1], t.Column("flag").RequireFinite());
        Assert.Equal(["true", "false", "true"], Enumerable.Range(0, 3).Select(i => t.Column("flag").Raw(i)));
        Assert.Equal(["Oslo", "Lima"], t.Column("city").Levels());
        Assert.True(t.Column("city").IsMissing(2));
        Assert.False(t.Column("city").IsNumeric);
        var s = t.Column("score");
        Assert.Equal(0.25, s.Number(0));
        Assert.True(s.IsMissing(1));
        Assert.False(s.IsMissing(2));
        Assert.Equal("0.25", s.Raw(0));
        // Parquet has no header line: the first data row is row 1.
        Assert.Equal($"{path}: row 2, column 'score': empty value (a number is needed)", Error(() => s.RequireFinite()));
    }
}
