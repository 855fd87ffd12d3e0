using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CspAdmin.Completers
{
    /// <summary>
    /// The base of CspAdmin's argument completers: each one names what it completes, and the engine's
    /// ArgumentCompletion (through <see cref="Completions"/>) does the rest. No engine type appears in a public
    /// signature here, so these types load before the module initializer has made the engine loadable.
    /// </summary>
    public abstract class CspCompleter : IArgumentCompleter
    {
        private readonly CompletionKind _kind;

        internal CspCompleter(CompletionKind kind) => _kind = kind;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Complete(_kind, wordToComplete, fakeBoundParameters);
    }

    internal enum CompletionKind
    {
        CustomerId,
        CustomerName,
        CustomerDomain,
        Sku,
        OfferName,
        OfferSku,
        CustomerOffer,
        ConnectedProfile,
        StoredProfile,
    }
}
