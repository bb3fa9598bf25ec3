using ReasonRL.Verifiers.Math.Expressions;

namespace ReasonRL.Verifiers.Math.Equivalence;

/// <summary>Carries out sums and products of explicit matrices, so "A + B" written out compares with its result.</summary>
internal static class MatrixAlgebra
{
    public static MathNode Fold(MathNode node) => node switch
    {
        AddNode { Terms: [MatrixNode first, ..] } add when add.Terms.All(t => t is MatrixNode m && SameShape(m, first)) =>
            new MatrixNode([.. Enumerable.Range(0, first.Rows.Count).Select(r => (IReadOnlyList<MathNode>)[..
                Enumerable.Range(0, first.Rows[0].Count).Select(c => (MathNode)new AddNode([.. add.Terms.Cast<MatrixNode>().Select(m => m.Rows[r][c])]))])]),
        MulNode { Factors: [MatrixNode, MatrixNode, ..] } mul when mul.Factors.All(f => f is MatrixNode) =>
            mul.Factors.Skip(1).Cast<MatrixNode>().Aggregate((MathNode)mul.Factors[0], (product, next) => product is MatrixNode left ? Multiply(left, next) : product),
        _ => node,
    };

    private static bool SameShape(MatrixNode a, MatrixNode b) => a.Rows.Count == b.Rows.Count && a.Rows[0].Count == b.Rows[0].Count;

    private static MathNode Multiply(MatrixNode a, MatrixNode b)
    {
        if (a.Rows[0].Count != b.Rows.Count)
        {
            return new MulNode([a, b]);
        }

        return new MatrixNode([.. a.Rows.Select(row => (IReadOnlyList<MathNode>)[..
            Enumerable.Range(0, b.Rows[0].Count).Select(c => (MathNode)new AddNode([.. row.Select((cell, k) => (MathNode)new MulNode([cell, b.Rows[k][c]]))]))])]);
    }
}
