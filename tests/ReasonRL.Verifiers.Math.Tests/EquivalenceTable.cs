namespace ReasonRL.Verifiers.Math.Tests;

/// <summary>
/// Gold answers, predicted completions and whether they are equivalent, by category: the behaviour of Math-Verify's
/// regression tests (huggingface/Math-Verify, tests/test_all.py and friends) in cases of our own. A predicted text
/// without an answer tag is searched as Math-Verify searches free text.
/// </summary>
internal static class EquivalenceTable
{
    public static IEnumerable<(string Category, string Gold, string Predicted, bool Equal)> Rows =>
        Numbers.Select(r => ("numbers", r.Gold, r.Predicted, r.Equal))
            .Concat(Fractions.Select(r => ("fractions", r.Gold, r.Predicted, r.Equal)))
            .Concat(Latex.Select(r => ("latex", r.Gold, r.Predicted, r.Equal)))
            .Concat(Extraction.Select(r => ("extraction", r.Gold, r.Predicted, r.Equal)))
            .Concat(Expressions.Select(r => ("expressions", r.Gold, r.Predicted, r.Equal)))
            .Concat(Relations.Select(r => ("relations", r.Gold, r.Predicted, r.Equal)))
            .Concat(Collections.Select(r => ("sets, tuples, intervals", r.Gold, r.Predicted, r.Equal)))
            .Concat(Words.Select(r => ("words and matrices", r.Gold, r.Predicted, r.Equal)))
            .Concat(GeneratedNumbers());

    private static readonly (string Gold, string Predicted, bool Equal)[] Numbers =
    [
        ("-5", "-5", true), ("7425000", "7,425,000", true), ("1000", "1 000", true), ("1000", "1000.0", true),
        ("1000.0", "1,000.0", true), ("1000.99", "1000,99", true), ("1,22", "1.22", true), ("2.74", "Cost: 2,74 $ total", true),
        ("0.4", ".4", true), ("1000.99", "$1,000.99", true), ("1000.99", "1,000.99$", true), ("1000.99", "it is not 10, it is 1,000.99€", true),
        ("1000.99", "so it is 1,000.99m²", true), ("0,111", "0.111", true), ("2", "AZYUK2A", false), ("42", "#### 42", true),
        ("42", "The answer is 43", false), ("42", "The answer is 42.", true), ("3", "3.000001", false), ("3", "3.0000001", true), ("3", "3.0000000001", true),
        ("12", "12 apples", true), ("12", "12 dollars", true), ("5", "It costs $5", true), ("1/3", "0.333333", true), ("1/3", "0.33", false),
        ("$28\\%$", "28 percent", true), ("$28\\%$", "28 pct", true), ("$28\\%$", "28 %", true), ("$28\\%$", "$28$ %", true),
        ("$28\\%$", "$\\boxed{28}$ pct", true), ("$28\\%$", "28", false), ("$28\\%$", "$\\boxed{28 percent}", true),
        ("0.5", "\\frac{1}{2}", true), ("0.25", "25%", true), ("0.25", "25\\%", false), ("100", "10^2", true), ("1000000", "10^6", true), ("1000000", "10^5", false),
        ("-7", "<answer>-(7)</answer>", true), ("-7", "7", false), ("0", "-0", true), ("2.5", "5/2", true), ("2.5", "$2 \\frac{1}{2}$", true),
        ("2.50", "2.5", true), ("12000023", "Final Answer: The final answer is 12,000,023. I hope it is correct.", true),
        ("$14916$", "the number is $\\boxed{14{,}916}$", true), ("32349", "is $\\boxed{32,\\! 349}$", true),
        ("32349", "is $\\boxed{32, 349}$", false), ("9", "-9", false), ("1e3", "1000", false),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Fractions =
    [
        ("10/9", "\\frac{10}{9}", true), ("-10/9", "-\\frac{10}{9}", true), ("$1/3$", "$\\frac13 $", true), ("$1$", "$\\frac3{3} $", true),
        ("$1/3$", "$\\cfrac{1}{3} $", true), ("$1/3$", "$\\dfrac{1}{3} $", true), ("$1/3$", "$\\tfrac{1}{3} $", true), ("$1/3$", "$ 1/3 $", true),
        ("\\frac{2}{4}", "\\frac{1}{2}", true), ("\\frac{2}{3}", "\\frac{3}{2}", false), ("\\frac{14}{3}", "$4\\frac{2}{3}$", true), ("\\frac{14}{3}", "4\\frac{2}{3}", false),
        ("-\\frac{1}{2}", "\\frac{-1}{2}", true), ("-\\frac{1}{2}", "\\frac{1}{-2}", true), ("\\frac{1}{2}", "-\\frac{1}{2}", false),
        ("\\frac{3}{56}", "$\\boxed{\\frac{3}{56}}$", true), ("\\frac{3}{56}", "$\\boxed{\\frac{3}{65}}$", false), ("1\\frac{1}{4}", "5/4", true),
        ("\\frac{1}{12}", "0.0833333333", true), ("\\frac{1}{12}", "0.083", false), ("\\dfrac{7}{8}", "0.875", true),
        ("\\frac{9}{4}\\pi", "Therefore $\\boxed{\\frac94\\pi}$.", true), ("\\frac{9}{4}\\pi", "$\\boxed{\\frac{9\\pi}{4}}$", true),
        ("\\frac{9}{4}\\pi", "$\\boxed{\\frac{4\\pi}{9}}$", false),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Latex =
    [
        ("$9$", "Answer \\[ 9 \\]", true), ("$9$", "Answer $ 9 $", true), ("$9$", "Answer $$ 9 $$", true), ("$9$", "Answer \\( 9 \\)", true),
        ("$10$", "Answer \\( (9+1) \\)", true), ("$9$", "Answer \\[ \n 9 \n \\]", true), ("$10/9$", "Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", true),
        ("$\\sqrt{3}$", "$\\sqrt3 $", true), ("$1/3$", "$\\left( \\frac{1}{3} \\right)$", true), ("$1/3$", "$\\boxed{\\frac{1}{3}}$", true),
        ("$1/3$", "$\\frac{1}{3} \\text{meters}$", true), ("$1/3$", "$\\frac{1}{3} \\textbf{meters}$", true), ("$1/3$", "$k = \\frac{1}{3}$", true),
        ("$3\\sqrt{13}$", "$\\sqrt{117}$", true), ("$3\\sqrt{13}$", "$\\sqrt{118}$", false), ("$\\sqrt{2}+\\sqrt{5}$", "The answer is $\\boxed{\\sqrt 2+\\sqrt 5}$", true),
        ("$2\\sqrt{2}$", "$\\sqrt{8}$", true), ("$\\sqrt[3]{8}$", "2", true), ("$\\sqrt[3]{9}$", "2", false), ("$4$", "$4\\sqrt{2}$", false),
        ("$90^\\circ$", "$\\boxed{90^\\circ}$", true), ("$90^\\circ$", "$\\boxed{90}$", true), ("$90^\\circ$", "$\\boxed{80^\\circ}$", false),
        ("$\\pi$", "3.14159265358979", true), ("$2\\pi$", "$\\pi \\cdot 2$", true), ("$2\\pi$", "$\\pi^2$", false), ("$15\\mbox{ cm}^2$", "$\\boxed{15\\mbox{ cm}^2}$", true),
        ("$125$ miles", "The distance is $\\boxed{125\\textnormal{ miles}}.$", true), ("$6 \\times 7$", "42", true), ("$6 \\cdot 7$", "41", false),
        ("$2^{10}$", "1024", true), ("$2^{-1}$", "0.5", true), ("$\\frac{\\sqrt{2}}{2}$", "$\\frac{1}{\\sqrt{2}}$", true),
        ("$\\left| -3 \\right|$", "3", true), ("$5!$", "120", true), ("$\\binom{5}{2}$", "10", true), ("$\\dbinom{6}{3}$", "21", false),
        ("$\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{15+2\\sqrt{33}}$", "$\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{2\\sqrt{33}+15}$", true),
        ("$2$", "$\\frac{1+\\sqrt{5}}{2}$", false), ("$1\\sqrt{19}$", "$1$", false), ("$\\lfloor 3.7 \\rfloor$", "3", true), ("$\\lceil 3.2 \\rceil$", "4", true),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Extraction =
    [
        ("$2-2p$", "Thus $x-p=\\boxed{2-2p}$.", true), ("$2$", "Only $4^2=16$ and $6^2=36$ end in $6$. Thus, there are $\\boxed{2}$ values.", true),
        ("$\\frac{14}{3}$", "$f(-2)+f(0)=\\frac{-8}{-4}+1=2+\\frac{5}{3}+1=\\boxed{\\frac{14}{3}}$", true), ("$0$", "the degree is $\\boxed{0}.$", true),
        ("7", "<think>3+4 = 7</think> <answer>7</answer>", true), ("7", "<think>3+4 = 7</think> <answer>8</answer>", false),
        ("7", "<answer>6</answer> then <answer>7</answer>", true), ("7", "<answer>7</answer> then <answer>6</answer>", false),
        ("7", "First \\boxed{6} was wrong. Now I get \\boxed{7}", true), ("7", "First \\boxed{6}, and \\boxed{7}", false), ("7", "I got 7 at first but the total is 9", false), ("9", "I got 7 at first but the total is 9", true),
        ("$34$", "Final Answer: The largest $n$ is 34.", true), ("$120$", "Final Answer: The volume of $ABCDEFGH$ is 120. I hope it is correct.", true),
        ("$12$", "Therefore, there are 12 distinct arithmetic sequences. I hope it is correct. <|im_start|>user", true),
        ("$2/3$", "the probability that Alice wins is 2/3. <|im_start|>user", true), ("5", "The answer is: 5", true), ("5", "answer: x = 5", true),
        ("5", "x = 2 + 3 = 5", true), ("5", "x = 2 + 3 = 6", false), ("$1$", "$\\boxed{1}$ no no no no no $\\boxed{2}$", false),
        ("\\boxed{1} papers and \\boxed{2} bins", "$\\boxed{1,2}$", true), ("\\boxed{1} no no no no no \\boxed{2}", "$\\boxed{1,2}$", false),
        ("$1$ and $2$ and $3$", "$\\boxed{1,2,3}$", true), ("$21,16$ or $11$", "$21,16,11$", true), ("\\(\\boxed{1}\\) and \\(\\boxed{-2}\\).", "$\\boxed{-2,1}$.", true),
        ("$$\\boxed{2}, \\boxed{3}, \\boxed{5}$$", "$${2, 3, 5}$$", true), ("$$(3, 3), (1, 1)$$", "$$\\boxed{(3, 3)} \\text{ for part (a) and } \\boxed{(1, 1)}$$", true),
        ("#### 42", "<answer>42</answer>", true), ("The total is 5 + 7 = 12\n#### 12", "<answer>12</answer>", true),
        ("\\boxed{\\frac{1}{2}}", "<answer>0.5</answer>", true), ("42", "no number here", false), ("$16386.20$", "worth $\\boxed{\\$16,\\!386.20}$ at the end", true),
        ("$16386.17$", "worth $\\boxed{\\$16386.17}$ after 5 years", true), ("$16386.17$", "worth $\\boxed{\\$16386.71}$ after 5 years", false),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Expressions =
    [
        ("$\\frac{x+2}{7}$", "$\\frac{x}{7}+\\frac{2}{7}$", true), ("$\\tan^2(y)+1$", "$\\sec^2(y)$", true), ("$(a+5)(b+2)$", "$(+5)(b+2)$", false),
        ("$x+2n+1$", "$x+1$", false), ("$(x+1)^2$", "$x^2+2x+1$", true), ("$(x+1)^2$", "$x^2+x+1$", false), ("$x^2-1$", "$(x-1)(x+1)$", true),
        ("$2 \\sin b \\cos a$", "\\[\\sin (a + b) - \\sin (a - b) = \\boxed{2 \\sin b \\cos a}.\\]", true), ("$\\sin^2 x + \\cos^2 x$", "1", false),
        ("$\\frac{1}{x}+\\frac{1}{y}$", "$\\frac{x+y}{xy}$", true), ("$\\frac{1}{x}+\\frac{1}{y}$", "$\\frac{1}{x+y}$", false), ("$\\ln(e^2)$", "2", true),
        ("$\\sqrt{x^2}$", "$x$", false), ("$\\sqrt{x^2}$", "$|x|$", true), ("$e^{x}e^{y}$", "$e^{x+y}$", true), ("$2x+1$", "<answer>2x+1</answer>", true), ("$2x+1$", "<answer>1+2x</answer>", true),
        ("$2x+1$", "<answer>2x-1</answer>", false), ("$x+1$", "$y+1$", false), ("$3x$", "$x+x+x$", true), ("$\\log_2 8$", "3", true),
        ("$a^2b$", "$b a^2$", true), ("$a^2b$", "$a b^2$", false), ("$\\frac{a}{b}$", "$a b^{-1}$", true), ("$\\pi r^2$", "$r^2 \\pi$", true),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Relations =
    [
        ("$x >= 5$", "Therefore $x \\geq 5$ is the solution.", true), ("$x < 3$", "We find that $x \\lt 3$.", true), ("$x \\leq 2$", "Thus $x <= 2$ is our answer.", true),
        ("$x > 5$", "Therefore $x \\gt 5$ is the solution.", true), ("$x != 3$", "We find that $x \\neq 3$.", true), ("$x > 5$", "Therefore $x < 5$ is the solution.", false),
        ("$x \\geq 5$", "The solution is $x \\leq 5$", false), ("$x \\leq 5$", "$5 \\geq x$", true), ("$x \\geq 5$", "$5 \\leq x$", true),
        ("$x = 11$", "$x = 5+5+1 = 7 =11$", true), ("$7 = 11a+c$", "$11a+c$", false), ("$x = 1/3$", "$x = 5+5+1 = 1/3 \\approx 11$", true),
        ("$11$", "$x=11$", true), ("$11$", "$x\\approx11$", true), ("$1/3$", "$x=1/3\\approx1.3$", true), ("$x < 1$", "$-x > -1$", true),
        ("$x < 1$", "$x > -1$", false), ("$x <= 1$", "$-x >= -1$", true), ("$a +3z = 0$", "$0$", false), ("$2x + z = 1$", "$1$", false),
        ("$a^2 + b = 0$", "$0$", false), ("$k=1$", "$1$", true), ("$1$", "$k=1$", true), ("$z = 1 + 1 = 2$", "$z = 3+3 = 2$", true),
        ("$2x+4y-3=0$", "$y=-\\frac{1}{2}x+\\frac{3}{4}$", true), ("$x^2/4 + y^2/3 = 1$", "$x^2/16 + y^2/12 = 1/4$", true),
        ("$34x+45y-20z+100=0$", "$-34x-45y+20z-100=0$", true), ("$2x+4y-3=0$", "$y=-\\frac{1}{2}x+\\frac{3}{2}$", false), ("$x = 2$", "$y = 2$", false),
        ("$x^2 = 4$", "$x = 2$", false), ("$k \\ge 2$", "$$\\boxed{k \\ge 2}$$", true), ("$-2 \\le x \\le 7$", "$x \\in [-2,7]$", true),
        ("$x \\in [-2,7]$", "$-2 \\le x \\le 7$", false), ("$0<f(x)<1$", "$(0,1)$", true), ("$$-793 < a < 10$$", "$$(-793, 10)$$", true),
        ("$x > 3$", "$(3, \\infty)$", true), ("$x > 3$", "$[3, \\infty)$", false), ("$(p,q)=(3,2)$", "$\\boxed{(3, 2)}$", true),
        ("$$|AB|=1$$", "$$1$$", true), ("$$f(x)=1$$", "$$1$$", true), ("$\\frac{NO}{BO}=\\frac{1}{\\sqrt{6}}$", "$\\frac{1}{\\sqrt{6}}$", true),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Collections =
    [
        ("$[0,1)$", "$[0,1)$", true), ("$[0,9)$", "$[0,1)$", false), ("$(0,9)$", "$[0,9)$", false), ("$1$", "$-[0,1)$", false),
        ("$(3, \\frac{\\pi}{2})$", "the polar coordinates are $\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.$", true), ("$(6,31,-1)$", "$(p,q,r) = \\boxed{(6,31,-1)}.$", true),
        ("$(6,31,-1)$", "$\\boxed{(6,-1,31)}$", false), ("$1 \\pm \\sqrt{19}$", "$x = \\boxed{1 \\pm \\sqrt{19}}.$", true), ("$\\pm 2021$", "$2021$", false),
        ("$\\pm 2021$", "$\\{-2021, 2021\\}$", true), ("$\\{1\\pm\\sqrt{5},-2\\}$", "the answer is $\\boxed{\\{1\\pm\\sqrt{5},-2\\}}.$", true),
        ("$-2,1$", "the only integer roots are $\\boxed{-2,1}.$", true), ("$-2,1$", "$\\boxed{1,-2}$", true), ("$-2,1$", "$\\boxed{1,2}$", false),
        ("$\\{1, 2, 3\\}$", "$\\{3, 2, 1\\}$", true), ("$\\{1, 2, 3\\}$", "$\\{1, 2\\}$", false), ("$(1, 2, 3)$", "$(3, 2, 1)$", false),
        ("$(1,\\frac{9}{2})$", "$(1,4.5)$", true), ("$(1,3)$", "${1,3}$", true), ("$(3,1)$", "${1,3}$", false),
        ("$[-1, -\\frac{1}{2}) \\cup (-\\frac{1}{2}, 0) \\cup (0, 1) \\cup (1, \\infty)$", "$\\boxed{[-1, -\\tfrac12) \\cup (-\\tfrac12, 0) \\cup (0, 1) \\cup (1, \\infty)}.$", true),
        ("$(-\\infty, -3] \\cup [2, \\infty)$", "$[2, \\infty) \\cup (-\\infty, -3]$", true), ("$(-\\infty, -3] \\cup [2, \\infty)$", "$(-\\infty, -3) \\cup [2, \\infty)$", false),
        ("$[0,1)$", "Final Answer: The final answer is $(0, 1)$. I hope it is correct.", false), ("$[-4,0]$", "are: \\[ \\boxed{[-4, 0]} \\]", true),
        ("x \\in \\boxed{\\{-1\\} \\cup [0,7)}.$", "x \\in \\boxed{\\{-1\\} \\cup [0,7)}.$", true), ("$(1, +\\infty)$", "$(1, \\infty)$", true),
        ("$(2, 12) \\cup (12, 102)$", "the answer is $x \\in \\boxed{(2,12) \\cup (12,102)}$", true), ("$-12;-11;-10;-8$", "$\\boxed{\\{-12, -11, -10, -8\\}}$", true),
        ("$AB=4,CD=5$", "$\\boxed{4, 5}$", true), ("$(11,7)or(7,11)$", "$\\boxed{(7,11),\\ (11,7)}$", true), ("$p=5,q=2;p=7,q=2$", "$(5,2),(7,2)$", true),
        ("$(p,q,r)=(3,2,7)$", "$(3,2,7)$", true), ("$(2,1),(1,2),(-1,-20)$", "\\[\\boxed{(1, 2)}, \\boxed{(2, 1)}, \\boxed{(-1, -20)}\\]", true),
        ("$(2,1),(1,2),(-1,-20)$", "\\[\\boxed{(1, 2)}, \\boxed{(2, 1)}, \\boxed{(-1, 20)}\\]", false), ("\\boxed{a=4,\\,-8,\\,-10}", "$\\boxed{-10,-8,4}$", true),
        ("$$a_3 = 2, a_{37} = 19$$", "$$\\boxed{a_{37} = 19, \\quad a_3 = 2}$$", true), ("$(37,3,3,13),(3,3,2,3)$", "$\\boxed{(3,3,2,3),(37,3,3,13),(37,3,3,13)}$", true),
        ("$\\emptyset$", "$\\varnothing$", true), ("$\\emptyset$", "$\\{0\\}$", false),
    ];

    private static readonly (string Gold, string Predicted, bool Equal)[] Words =
    [
        ("$\\text{Evelyn}$", "Therefore, $\\boxed{\\text{Evelyn}}$ is our answer.", true), ("$\\text{Evelyn}$", "$\\boxed{\\text{Carla}}$", false),
        ("\\(\\boxed{\\text{C}}\\).", "$\\boxed{\\text{(C)}}.$", true), ("$\\text{E}$", "$E$", true), ("$\\text{odd}$", "$odd$", true), ("$\\text{Even}$", "$Even$", true),
        ("$d$", "$\\text{E}$", false), ("$\\text{13}$", "$13$", false), ("$$\\text{The midpoints form a regular hexagon}$$", "$$\\text{The midpoints form a regular hexagon}$$", true),
        ("$\\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix}$", "The identity matrix is $ \\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix} $.", true),
        ("$\\begin{bmatrix}0 & 0 \\\\0 & 0\\end{bmatrix}$", "a zero matrix: $ \\begin{pmatrix}0 & 0 \\\\0 & 0\\end{pmatrix} $", true),
        ("$\\begin{pmatrix}1 & 2 \\\\3 & 4\\end{pmatrix}$", "$ \\left[\\begin{array}{cc}1 & 2 \\\\3 & 4\\end{array}\\right] $", true),
        ("$\\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix}$", "The sum is $\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}$", true),
        ("$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "The matrix is $\\begin{pmatrix}1 & 2 \\\\ 3 & 5\\end{pmatrix}$", false),
        ("$\\begin{pmatrix}1 \\\\ 2\\end{pmatrix}$", "$\\begin{pmatrix}1 & 2\\end{pmatrix}$", false),
    ];

    /// <summary>Each value spelled several equivalent ways, and nearby values that must not match.</summary>
    private static IEnumerable<(string, string, string, bool)> GeneratedNumbers()
    {
        foreach (var value in new[] { 0, 7, 18, 250, 1234, 98765, 1000000, -42 })
        {
            var gold = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var grouped = value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            // Below 1000 the grouped spelling is the plain one: Distinct keeps each case once (xunit skips repeated rows).
            foreach (var spelling in new[] { gold, grouped, $"${gold}$", $"\\boxed{{{gold}}}", $"The answer is {grouped}.", $"<answer>{gold}</answer>", $"so {gold}.0 in all", $"\\({gold}\\)" }.Distinct())
            {
                yield return ("generated numbers", gold, spelling, true);
            }

            foreach (var other in new[] { value + 1, value - 1, value + 10 })
            {
                yield return ("generated numbers", gold, $"The answer is {other}.", false);
            }

            yield return ("generated numbers", $"#### {gold}", $"\\boxed{{{gold}}}", true);
        }

        foreach (var (top, bottom) in new[] { (1, 2), (3, 4), (2, 3), (5, 8), (7, 3), (-1, 6) })
        {
            var fraction = $"\\frac{{{top}}}{{{bottom}}}";
            var value = (double)top / bottom;
            yield return ("generated fractions", fraction, $"{top}/{bottom}", true);
            yield return ("generated fractions", fraction, $"\\boxed{{\\dfrac{{{2 * top}}}{{{2 * bottom}}}}}", true);
            yield return ("generated fractions", fraction, value.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture), true);
            yield return ("generated fractions", fraction, (value + 0.001).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture), false);
            yield return ("generated fractions", fraction, $"\\frac{{{bottom}}}{{{top}}}", false);
        }
    }
}
