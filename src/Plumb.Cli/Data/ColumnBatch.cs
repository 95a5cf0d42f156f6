namespace Plumb.Cli.Data;

/// <summary>
/// One batch of rows of the selected columns, as typed arrays: every column is float64 values with a missing
/// mask (empty CSV cells, Parquet nulls). Buffers are reused from batch to batch; <see cref="Count"/> says how
/// many of their entries are this batch's rows.
/// </summary>
internal sealed class ColumnBatch
{
    /// <summary>Allocates buffers for <paramref name="columns"/> columns of up to <paramref name="capacity"/> rows.</summary>
    public ColumnBatch(int columns, int capacity)
    {
        Values = new double[columns][];
        Missing = new bool[columns][];
        Float32Text = new bool[columns];
        RowNumbers = [];
        EnsureCapacity(capacity);
    }

    /// <summary>Most rows the buffers hold now.</summary>
    public int Capacity { get; private set; }

    /// <summary>Grows the buffers (contents lost) so that <paramref name="rows"/> rows fit.</summary>
    public void EnsureCapacity(int rows)
    {
        if (rows <= Capacity) return;
        for (int j = 0; j < Values.Length; j++)
        {
            Values[j] = new double[rows];
            Missing[j] = new bool[rows];
        }
        RowNumbers = new long[rows];
        Capacity = rows;
    }

    /// <summary>Rows in this batch.</summary>
    public int Count { get; internal set; }

    /// <summary>Per selected column: the numbers (NaN where missing).</summary>
    public double[][] Values { get; }

    /// <summary>Per selected column: true where the cell is missing (empty or null).</summary>
    public bool[][] Missing { get; }

    /// <summary>
    /// Per selected column: true when every cell so far (this batch included) is a float32 written in shortest
    /// round-trip form (see <see cref="NumberText.IsFloat32Text"/>) or stored as float32 (Parquet), so the
    /// values rounded to float32 rank exactly as the values do. Only tracked for columns the caller asked
    /// (<see cref="TableStream.TrackFloat32"/>).
    /// </summary>
    public bool[] Float32Text { get; }

    /// <summary>Row number a user sees for each row (CSV/TSV: header = 1, first data row = 2; Parquet: first row = 1).</summary>
    public long[] RowNumbers { get; private set; }

    /// <summary>True when some cell of column <paramref name="column"/> in this batch is missing.</summary>
    public bool AnyMissing(int column) => Missing[column].AsSpan(0, Count).Contains(true);
}
