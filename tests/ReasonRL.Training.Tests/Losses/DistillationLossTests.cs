using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Losses;

/// <summary>
/// The KD divergences on two-token vocabularies, against values worked out by hand. Teacher logits (0, 0) give
/// p_T = (1/2, 1/2); student logits (ln 3, 0) give p_S = (3/4, 1/4); their mixture at β = 1/2 is M = (5/8, 3/8).
/// </summary>
public class DistillationLossTests
{
    private static readonly double[] Teacher = [0, 0];
    private static readonly double[] Student = [Math.Log(3), 0];

    // KL(p_T ‖ p_S) = ½ ln(½ / ¾) + ½ ln(½ / ¼) = ½ ln(4/3)
    private static readonly double ForwardKl = 0.5 * Math.Log(4.0 / 3);

    // KL(p_S ‖ p_T) = ¾ ln(¾ / ½) + ¼ ln(¼ / ½) = ¾ ln(3/2) − ¼ ln 2
    private static readonly double ReverseKl = (0.75 * Math.Log(1.5)) - (0.25 * Math.Log(2));

    // ½ KL(p_T ‖ M) + ½ KL(p_S ‖ M) = ½ [½ ln(4/5) + ½ ln(4/3)] + ½ [¾ ln(6/5) + ¼ ln(2/3)]
    private static readonly double Jsd05 = (0.5 * ((0.5 * Math.Log(0.8)) + (0.5 * Math.Log(4.0 / 3)))) + (0.5 * ((0.75 * Math.Log(1.2)) + (0.25 * Math.Log(2.0 / 3))));

    /// <summary>(1, 1, V) logits of one position.</summary>
    private static Tensor Logits(params double[] values) => tensor(values.Select(v => (float)v).ToArray()).reshape(1, 1, values.Length);

    private static double Loss(double[] student, double[] teacher, Divergence divergence, double beta = 0.5, double temperature = 1.0)
    {
        using var scope = NewDisposeScope();
        return DistillationLoss.PerToken(Logits(student), Logits(teacher), divergence, beta, temperature).item<float>();
    }

    [Fact]
    public void Forward_kl_matches_the_hand_computed_value() => Assert.Equal(ForwardKl, Loss(Student, Teacher, Divergence.ForwardKl), 6);

    [Fact]
    public void Reverse_kl_matches_the_hand_computed_value() => Assert.Equal(ReverseKl, Loss(Student, Teacher, Divergence.ReverseKl), 6);

    [Fact]
    public void Jsd_at_one_half_matches_the_hand_computed_value_and_is_symmetric()
    {
        Assert.Equal(Jsd05, Loss(Student, Teacher, Divergence.Jsd), 6);
        Assert.Equal(Jsd05, Loss(Teacher, Student, Divergence.Jsd), 6);
        Assert.True(Jsd05 < Math.Log(2));
    }

    [Fact]
    public void Jsd_scaled_by_beta_tends_to_the_forward_kl_as_beta_goes_to_zero()
    {
        const double beta = 1e-3;
        Assert.Equal(ForwardKl, Loss(Student, Teacher, Divergence.Jsd, beta) / beta, 2);
    }

    [Fact]
    public void Jsd_scaled_by_one_minus_beta_tends_to_the_reverse_kl_as_beta_goes_to_one()
    {
        const double beta = 1 - 1e-3;
        Assert.Equal(ReverseKl, Loss(Student, Teacher, Divergence.Jsd, beta) / (1 - beta), 2);
    }

    [Theory]
    [InlineData(Divergence.ForwardKl)]
    [InlineData(Divergence.ReverseKl)]
    [InlineData(Divergence.Jsd)]
    public void Every_divergence_is_zero_between_equal_distributions(Divergence divergence) =>
        Assert.Equal(0.0, Loss([1.0, -2.0, 0.5], [1.0, -2.0, 0.5], divergence), 6);

    [Fact]
    public void Temperature_divides_both_sets_of_logits()
    {
        // At τ = 2, logits (2 ln 3, 0) and (0, 0) are the distributions of the hand-computed case.
        Assert.Equal(ForwardKl, Loss([2 * Math.Log(3), 0], Teacher, Divergence.ForwardKl, temperature: 2), 6);
    }

    [Fact]
    public void The_forward_kl_gradient_with_respect_to_student_logits_is_p_student_minus_p_teacher()
    {
        using var scope = NewDisposeScope();
        var student = Logits(Student).requires_grad_();
        DistillationLoss.PerToken(student, Logits(Teacher), Divergence.ForwardKl).sum().backward();

        var gradient = student.grad!.reshape(-1).data<float>().ToArray();
        Assert.Equal(0.75 - 0.5, gradient[0], 6);
        Assert.Equal(0.25 - 0.5, gradient[1], 6);
    }

    [Fact]
    public void The_teacher_gets_no_gradient()
    {
        using var scope = NewDisposeScope();
        var teacher = Logits(Teacher).requires_grad_();
        var student = Logits(Student).requires_grad_();
        DistillationLoss.PerToken(student, teacher, Divergence.Jsd).sum().backward();

        Assert.Null(teacher.grad);
    }

    [Fact]
    public void The_masked_mean_averages_over_the_positions_the_mask_selects()
    {
        using var scope = NewDisposeScope();
        var perToken = tensor(new[] { 1f, 100f, 3f, 5f }).reshape(2, 2);
        var mask = tensor(new[] { 1f, 0f, 1f, 1f }).reshape(2, 2);

        Assert.Equal(3.0, MaskedMean.Of(perToken, mask).item<float>(), 6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Jsd_refuses_a_beta_at_its_limits(double beta)
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.PerToken(Logits(Student), Logits(Teacher), Divergence.Jsd, beta));
    }
}
