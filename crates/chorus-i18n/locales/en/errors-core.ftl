# Messages of core refusals and conflicts, written by the service (see chorus_i18n::Text).

## validate.rs
err-core-email-empty = Enter your e-mail address.
err-core-max-chars = Use at most { $max } characters.
err-core-email-invalid = Enter an address like name@example.com.
err-core-name-empty = Enter a name.
err-core-name-control = Remove control characters from the name.
err-core-min-chars = Use at least { $min } characters.
err-core-password-common = This password is among the most common ones; choose another.
err-core-markdown-large = Use at most { $max } bytes of text ({ $bytes } now).
err-core-markdown-deep = Quotes, lists or formatting are nested too deeply (at most { $max } levels).

## community.rs
err-core-title-empty = Give your topic a title.
err-core-max-chars-now = Use at most { $max } characters ({ $n } now).
err-core-body-empty = Write something.
err-core-tag-invalid = Tags use letters, digits and dashes, at most { $max } characters ({ $tag }).
err-core-tags-many = Use at most { $max } tags.
err-core-category-long = Use at most { $max } printable characters.

## listen.rs
err-core-channel-not-here = mentions for channel { $channel } cannot be added this way
err-core-required = is required
err-core-at-most-chars = must be at most { $max } characters
err-core-not-negative = must not be negative
err-core-at-most = must be at most { $max }
err-core-url-link = must be an http or https link
err-core-time-required = is required (RFC 3339)
err-core-time-invalid = must be an RFC 3339 time such as 2026-11-22T09:18:00Z

## query.rs
err-core-query-at = { $message } (at character { $position })
err-core-query-quote = unterminated quote
err-core-query-empty-phrase = empty quoted phrase
err-core-query-name = { $sigil } must be followed by a name
err-core-query-depth = nested more than { $max } levels
err-core-query-empty-parens = empty parentheses
err-core-query-no-close = unbalanced parenthesis: no matching )
err-core-query-terms = more than { $max } terms
err-core-query-unexpected-close = unbalanced parenthesis: unexpected )
err-core-query-and = AND needs a term on each side
err-core-query-or = OR needs a term on each side
err-core-query-end = the query ends where a term was expected
err-core-query-long = longer than { $max } characters
err-core-query-operator = unexpected operator

## moderation/filters.rs
err-core-filter-empty = Enter a word or phrase.
err-core-filter-long = Keep a filter to eight words.
err-core-filter-short = { $word } is too short: a wildcard needs at least two letters.
err-core-filter-star = { $word }: `*` can only start or end a word.

## triage/conditions.rs
err-core-cond-too-many = at most { $max } values
err-core-cond-keyword-long = keywords are at most { $max } characters
err-core-cond-keyword-empty = { $keyword } has no letters or digits to match
err-core-unknown-channel = unknown channel { $value }: expected community, mastodon, bluesky, feed, webhook, email or import
err-core-cond-intent = unknown intent { $value }: expected complaint, question, praise, idea or other
err-core-cond-sentiment = unknown sentiment { $value }: expected negative, neutral or positive
err-core-cond-language = { $value } is not a language code such as en or de
err-core-cond-ids = ids are positive numbers
err-core-cond-min-followers = must be 0 or more
err-core-cond-spike-routing = only alert rules can fire on spikes
err-core-cond-sla-routing = only alert rules can fire on SLA breaches
err-core-cond-spike-and-sla = a rule fires on spikes or on SLA breaches, not both

## triage/alerts.rs
err-core-actions-none = add at least one action (email or webhook)
err-core-actions-many = at most { $max } actions
err-core-action-email = { $value } is not an e-mail address
err-core-action-url = { $value } is not an http(s) URL
