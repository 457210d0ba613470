# Messages of community refusals and conflicts, written by the service (see chorus_i18n::Text).

## community/embed.rs

err-com-embed-kind = Use question, problem, idea or praise.
err-com-embed-product-long = A product is a tag of at most 100 characters.

## community/mod.rs

err-com-choose-kind = Choose a kind.
err-com-bad-cursor = Use the `next` value of the previous page.

## community/reactions.rs

# $kind: question, problem, idea or praise.
err-com-accept-kind = Only questions and problems have accepted answers; this is { $kind }.
err-com-vote-twice = You already voted for this.
err-com-vote-kind = Only ideas take votes; use “me too” on questions and problems.
err-com-vote-closed = This idea is closed for voting.
err-com-me-too-kind = Only questions and problems take “me too”; vote for ideas instead.
err-com-status-kind = Only ideas have a status.
# Also for the reason of a suspension and the transcript of an article's videos.
err-com-at-most-chars = Use at most { $max } characters.
err-com-dup-missing = Say which idea this duplicates.
err-com-dup-self = An idea cannot duplicate itself.
err-com-dup-chain = That idea is itself a duplicate; point at the idea it duplicates.
err-com-dup-none = No such idea.
err-com-dup-not-duplicate = Only the duplicate status points at another idea.
err-com-choose-status = Choose a status.
# $status: open, under_review, planned, started, done, declined or duplicate.
err-com-status-same = This idea is already { $status ->
    [under_review] under review
   *[other] { $status }
}.

## accounts/admin.rs

err-com-own-admin = You cannot remove your own admin role; ask another admin.
err-com-suspend-self = You cannot suspend yourself.

## accounts/mod.rs

err-com-email-taken = An account with this address already exists. Log in, or reset your password.
err-com-guest-has-account = This address already has an account. Log in and ask there: this question was not published.
err-com-reset-link-used = This link has expired or was already used. Ask for a new one.
err-com-wrong-password = This is not your current password.
err-com-token-name = Use at most 60 printable characters.
# $tag: what was asked for, in quotes.
err-com-locale-unknown = { $tag } is not a language this hub speaks.

## accounts/oidc.rs

err-com-oidc-race = Your account was just created by another sign-in. Sign in again.

## knowledge/mod.rs

err-com-kb-title-short = Write a title of at least 3 characters.
err-com-kb-title-long = Keep the title under { $max } characters.
err-com-kb-title-control = The title cannot contain control characters.
err-com-kb-body-empty = Write the article.
err-com-kb-body-long = Keep the article under { $max } characters.
err-com-kb-category-long = Keep the category under { $max } characters.
err-com-kb-category-chars = Use letters, digits, spaces, hyphens and & in categories.
err-com-kb-version-conflict = Someone saved version { $saved } of this article after the version { $edited } you edited; reload it and apply your changes again.
err-com-kb-state = Use published, draft or archived.
err-com-kb-state-filter = Use published, draft, archived or all.
err-com-kb-promote-unanswered = Only a topic with an accepted answer can become an article; accept an answer first.
err-com-kb-promote-case-open = Only a resolved or closed case can become an article.
err-com-kb-promote-case-no-reply = This case has no reply to turn into an answer.

## knowledge/deflection.rs

err-com-draft-token = not a compose-session token
err-com-deflection-target = suggestions are topics or articles

## gate.rs

# $level: the name of a trust level (mod-trust-*).
err-com-gate-posts-per-hour = At trust level “{ $level }” you can post { $max } times an hour. You can post again in { $minutes } minutes; your text is kept below.
err-com-gate-links = At trust level “{ $level }” you can include at most { $max } links in a post; this has { $links }. Limits lift as you take part.
err-com-gate-no-images = At trust level “{ $level }” you cannot include images yet. Limits lift as you take part.
err-com-gate-images = At trust level “{ $level }” you can include at most { $max } images in a post; this has { $images }. Limits lift as you take part.
# $words: the blocked words, separated by commas.
err-com-gate-blocked = This community does not allow: { $words }. Please rephrase.

## secrets.rs

# $detail: what is wrong with the key (the base64 decoder's words, or its length).
err-com-secret-key-bad = a secret key must be 32 bytes in base64 ({ $detail })
err-com-rotation-unfinished = { $path } exists: an earlier rotation did not finish; start chorus once to settle it

## search.rs

# $value: the type asked for, in quotes.
err-com-search-type = unknown type { $value }: use topic, reply, article, event_question or mention
err-com-search-from-to = must be before to
err-com-search-offset = must be between 0 and { $max }

## flows.rs

err-com-guest-kind = Choose what kind of post this is.
err-com-canned-none = No such canned response.
err-com-thanks-empty = Write a thank-you or choose a canned response.
err-com-feature-consent = Ask the author first: feature their words only with their consent.
err-com-feature-email = E-mails are private: ask the customer to post their praise in the community instead.
err-com-town-hall-unanswered = no question has an official answer yet
