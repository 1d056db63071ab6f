namespace Mandate.Rego.Compile.Stages;

internal sealed partial class ResolveRefs
{
    /// <summary>Variables of one body level, chained to the enclosing body's scope.</summary>
    private sealed class Scope(Scope? parent)
    {
        public Dictionary<string, int> Vars { get; } = new(StringComparer.Ordinal);

        /// <summary>Index of the body expression being processed (declarations after it are not yet visible to closures).</summary>
        public int Index { get; set; }

        /// <summary>True while registering `:=`/`some` declarations.</summary>
        public bool Declaring { get; set; }

        private Dictionary<string, int> DeclaredAt { get; } = new(StringComparer.Ordinal);

        public bool TryLookup(string name, out int slot)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                // A closure sees an enclosing `:=` variable only if it was declared before the closure (OPA).
                if (s.Vars.TryGetValue(name, out slot) && (s == this || !s.DeclaredAt.TryGetValue(name, out var at) || at < s.Index))
                {
                    return true;
                }
            }

            slot = -1;
            return false;
        }

        public Scope? Parent { get; } = parent;

        /// <summary>Declares a variable local to this scope (reusing its slot if declared here already).</summary>
        public int Declare(string name, ref int slots)
        {
            if (!Vars.TryGetValue(name, out var slot))
            {
                slot = slots++;
                Vars[name] = slot;
                if (Declaring)
                {
                    DeclaredAt[name] = Index;
                }
            }

            return slot;
        }
    }
}
