using Mandate.Rego.Builtins.Go;

namespace Mandate.Rego.Tests.Builtins;

/// <summary>
/// Random patterns built from the metacharacters of each dialect: the translators must either compile
/// or refuse with their own exception type, never crash with another one (which regex.is_valid would
/// report as an error instead of false).
/// </summary>
public sealed class PatternRobustnessTests
{
    private const string RegexAlphabet = @"ab\.[]()^$*+?{}|-:,=!<>P0129dDwWsSpLQEx#";
    private const string GlobAlphabet = @"ab.*?[]{}!\,-";

    [Fact]
    public void Regex_translation_never_throws_unexpectedly()
    {
        var random = new Random(20261122);
        // Compiling a non-backtracking regex is the slow part; 3,000 patterns keep this test near 3 s.
        for (int n = 0; n < 3_000; n++)
        {
            string pattern = RandomText(random, RegexAlphabet, random.Next(1, 12));
            try
            {
                var re = GoRegex.Compile(pattern);
                re.IsMatch("ab.:0 x");
            }
            catch (GoRegexException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"pattern {pattern}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Glob_translation_never_throws_unexpectedly()
    {
        var random = new Random(42);
        for (int n = 0; n < 5_000; n++)
        {
            string pattern = RandomText(random, GlobAlphabet, random.Next(1, 10));
            try
            {
                GlobPattern.Match(pattern, ['.'], "ab.a");
            }
            catch (GlobException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"glob {pattern}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Glob_intersection_never_throws_unexpectedly()
    {
        var random = new Random(7);
        for (int n = 0; n < 20_000; n++)
        {
            string a = RandomText(random, @"ab.*+?[]^\-", random.Next(1, 8));
            string b = RandomText(random, @"ab.*+?[]^\-", random.Next(1, 8));
            try
            {
                GlobIntersection.Intersects(a, b);
            }
            catch (FormatException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"globs {a} / {b}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Format_never_throws_unexpectedly()
    {
        var random = new Random(3);
        object[] args = [1L, -2.5, "s", new System.Numerics.BigInteger(ulong.MaxValue) * 3];
        for (int n = 0; n < 20_000; n++)
        {
            string format = RandomText(random, "%-+# 0123.*vdsqxXofeEgGtcbU[]", random.Next(1, 10));
            GoFormat.Sprintf(format, args.Take(random.Next(0, 5)).ToList());
        }
    }

    private static string RandomText(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }
}
