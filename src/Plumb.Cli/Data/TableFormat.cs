namespace Plumb.Cli.Data;

/// <summary>The file formats <see cref="TableReader"/> reads, chosen by extension.</summary>
internal enum TableFormat
{
    /// <summary>Comma-separated values with a header line (<c>.csv</c>).</summary>
    Csv,
    /// <summary>Tab-separated values with a header line (<c>.tsv</c>, <c>.tab</c>).</summary>
    Tsv,
    /// <summary>Apache Parquet, flat schema (<c>.parquet</c>, <c>.pq</c>).</summary>
    Parquet,
}
