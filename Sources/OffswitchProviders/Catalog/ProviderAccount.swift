package import OffswitchCore

/// What every model on one provider account shares: its `--max-connections` slots and its pace.
///
/// The account is a model's concurrency key (``CatalogModel/concurrencyKey``): the API origin and a digest of the
/// key, so three models on one key share one limit, as Inspect's `connection_key` does.
package struct ProviderAccount: Sendable {
    package var limit: ConcurrencyLimit
    package var pacer: RatePacer

    /// A fresh account with `options.maxConnections` slots.
    package init(_ options: ProviderOptions) {
        limit = ConcurrencyLimit(options.maxConnections)
        pacer = RatePacer()
    }

    /// `provider` as the engine runs it: at most the account's limit of calls at once, each retried when it fails
    /// transiently (the retry waits outside the limit, so backoff holds no connection slot).
    package func engine(_ provider: any ModelProvider, options: ProviderOptions) -> any ModelProvider {
        RetryingProvider(
            LimitedProvider(provider, limit: limit, pacer: pacer), policy: options.retry, onWait: options.onWait)
    }
}
