using ReasonRL.Core.Randomness;

namespace ReasonRL.Training.Llc;

/// <summary>
/// Minibatches of example indices as a shuffled data loader draws them: each pass over the n examples is its own
/// seeded permutation, cut into batches of m (a batch may span two passes). m ≥ n gives every example every time.
/// </summary>
public sealed class MinibatchOrder(int count, int batchSize, ulong seed)
{
    private readonly DeterministicRandom _random = new(seed);
    private readonly int[] _all = Enumerable.Range(0, count).ToArray();
    private int[] _order = [];
    private int _position;

    public IReadOnlyList<int> Next()
    {
        if (batchSize >= count)
        {
            return _all;
        }

        var batch = new int[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            if (_position == _order.Length)
            {
                _order = (int[])_all.Clone();
                _random.Shuffle(_order);
                _position = 0;
            }

            batch[i] = _order[_position++];
        }

        return batch;
    }
}
