using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CspAdmin.Engine.Completion;

namespace CspAdmin.Completers
{
    /// <summary>Runs a completion on the runspace's context, reading what else is on the command line; never throws.</summary>
    internal static class Completions
    {
        private static readonly CompletionResult[] None = new CompletionResult[0];

        public static IEnumerable<CompletionResult> Complete(CompletionKind kind, string? word, IDictionary? fakeBoundParameters)
        {
            try
            {
                var context = SessionContexts.Current;
                if (context == null)
                {
                    return None;
                }

                // The engine answers within its time limit, with what it knows by then.
                var items = Start(context.Completion, kind, word, new BoundArguments(fakeBoundParameters)).GetAwaiter().GetResult();
                return items.Select(i => new CompletionResult(i.CompletionText, i.ListItemText, CompletionResultType.ParameterValue, i.ToolTip)).ToList();
            }
            catch (Exception)
            {
                return None;
            }
        }

        private static Task<IReadOnlyList<CompletionItem>> Start(ArgumentCompletion completion, CompletionKind kind, string? word, BoundArguments bound)
        {
            switch (kind)
            {
                case CompletionKind.CustomerId: return completion.CustomerIdsAsync(word, bound.Strings("Profile"));
                case CompletionKind.CustomerName: return completion.CustomerNamesAsync(word, bound.Strings("Profile"));
                case CompletionKind.CustomerDomain: return completion.CustomerDomainsAsync(word, bound.Strings("Profile"));
                case CompletionKind.Sku: return completion.SkusAsync(word, bound.String("CustomerId"), bound.String("Profile"));
                case CompletionKind.CustomerOffer: return completion.CustomerOffersAsync(word, bound.String("CustomerId"), bound.String("Profile"));
                case CompletionKind.OfferName: return completion.OfferNamesAsync(word, bound.String("Country"), bound.String("Profile"));
                case CompletionKind.OfferSku: return completion.OfferSkusAsync(word, bound.String("Country"), bound.String("Profile"));
                case CompletionKind.ConnectedProfile: return Task.FromResult(completion.ConnectedProfiles(word));
                case CompletionKind.StoredProfile: return Task.FromResult(completion.StoredProfiles(word));
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }

        /// <summary>
        /// The values PowerShell could bind so far (fakeBoundParameters), as text: a string, the elements of an array,
        /// or the property of that name of an object (a customer from a variable, say).
        /// </summary>
        private sealed class BoundArguments
        {
            private readonly IDictionary? _bound;

            public BoundArguments(IDictionary? bound) => _bound = bound;

            public string? String(string name) => Strings(name)?.FirstOrDefault();

            public IReadOnlyCollection<string>? Strings(string name)
            {
                if (_bound == null)
                {
                    return null;
                }

                foreach (DictionaryEntry entry in _bound)
                {
                    if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase))
                    {
                        var value = Unwrap(entry.Value);
                        var values = value is string || !(value is IEnumerable list) ? new[] { value } : list.Cast<object?>().Select(Unwrap);
                        return values.Select(v => Text(v, name)).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
                    }
                }

                return null;
            }

            private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

            private static string? Text(object? value, string name)
            {
                if (value == null || value is string || value.GetType().IsPrimitive || value is Guid)
                {
                    return value?.ToString();
                }

                return PSObject.AsPSObject(value).Properties[name]?.Value?.ToString() ?? value.ToString();
            }
        }
    }
}
