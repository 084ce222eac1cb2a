using System.Security.Cryptography;
using System.Text;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// The order an annotator sees an item's candidates in: shuffled per item and annotator, from a seed derived from both,
/// so a reload shows the same letters, and two annotators (or two items) need not share an order.
/// </summary>
public static class BlindOrder
{
    public static string Label(int position) => position < 26 ? ((char)('A' + position)).ToString() : $"A{position}";

    /// <summary>The candidate indices in the order shown: label A is the first.</summary>
    public static int[] For(long itemId, string annotator, IReadOnlyList<int> candidates)
    {
        // A hash rather than string.GetHashCode, which differs between processes.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{itemId}\n{annotator}"));
        var random = new Random(BitConverter.ToInt32(hash, 0));
        var order = candidates.ToArray();
        random.Shuffle(order);
        return order;
    }
}
