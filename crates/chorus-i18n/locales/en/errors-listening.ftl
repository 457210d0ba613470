# Messages of listening refusals and conflicts, written by the service (see chorus_i18n::Text).

## listen/mod.rs
# An unknown channel in a filter uses err-unknown-name (errors.ftl).

err-listen-sentiment-unknown = unknown sentiment { $value }: expected negative, neutral or positive
err-listen-intent-unknown = unknown intent { $value }: expected complaint, question, praise, idea or other
err-listen-language-code = must be a language code such as en or de

## listen/themes.rs
err-listen-theme-sort-unknown = unknown sort { $value }: expected count or recent
err-listen-theme-offset-range = must be between 0 and 100000
# Also a source's name (listen/sources/mod.rs).
err-listen-chars-max = must be at most { $max } characters
err-listen-theme-merged-away = theme { $id } was merged into another theme
err-listen-theme-merge-self = a theme cannot be merged into itself
err-listen-theme-split-none = choose at least one mention of this theme to split off
err-listen-theme-split-all = leave at least one mention in the theme (or rename it instead)

## listen/sources/mod.rs
err-listen-source-url-scheme = must be an address starting with { $first }:// or { $second }://
err-listen-required = is required
err-listen-source-channel-none = { $channel } content needs no source
err-listen-source-poll-range = must be between { $min } and 86400
err-listen-source-mastodon-query = name at least one hashtag or keyword (or listen to mentions)
err-listen-source-mastodon-token = searching keywords and reading mentions need an access token
err-listen-source-bluesky-query = Bluesky carries every post of the network: name what to listen for
err-listen-source-channel-fixed = a source's channel cannot change; create a new source

## listen/pipeline/shared.rs
# $reason: why the pipeline writer failed (its own log text, in English).
err-listen-work-retrying = { $reason }; the work is queued and will be tried again (repeating the request is safe)
err-listen-work-queued = no pipeline worker answered within { $secs } s; the work is queued and will be done when one runs (repeating the request is safe)
err-listen-parked-no-broker = parked work exists only on a hub with a broker (broker.url or --nats)

## reports/mod.rs
err-listen-report-start-after-end = The start must be before the end.
err-listen-report-granularity-unknown = { $value } must be hour, day or week
# $unit: hour, day or week.
err-listen-report-too-many-buckets = { $count } { $unit ->
        [hour] hours
        [day] days
       *[week] weeks
    } is too many to chart; choose a coarser granularity or a shorter period

## reports/exports.rs
err-listen-report-export-unknown = { $value } must be one of { $expected }

## reports/deflection.rs
err-listen-report-from-before-to = must be before to
err-listen-report-span-long = a report covers at most { $max } days

## reports/turnaround.rs
err-listen-report-days-range = Choose from 1 to { $max } days.

## webhooks.rs
# What is wrong with a webhook's URL, as it follows “The URL” in err-listen-webhook-url.
err-listen-webhook-url-parse = not a URL: { $detail }
err-listen-webhook-url-scheme = must start with http:// or https://
err-listen-webhook-url-credentials = must not carry a user name or password
err-listen-webhook-url-no-host = has no host
err-listen-webhook-url-resolve-slow = its host did not resolve within { $secs } s
err-listen-webhook-url-resolve-error = its host does not resolve: { $detail }
err-listen-webhook-url-unresolved = its host does not resolve
err-listen-webhook-url-private = points to a private or loopback address (set webhooks.allow_private to allow that)
err-listen-webhook-url-long = At most { $max } characters.
# $problem: one of the messages above.
err-listen-webhook-url = The URL { $problem }.
err-listen-webhook-event-unknown = { $value } is not an event; use * or: { $events }.
err-listen-webhook-events-none = Name at least one event, or * for all.
err-listen-webhook-format-unknown = Use standard or slack.
err-listen-webhook-off = the webhook is switched off; switch it on first
err-listen-webhook-delivery-pending = this delivery is still being tried
