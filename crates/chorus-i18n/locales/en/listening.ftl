# Listening: the mention stream, a mention's page, themes, and the sources that bring mentions in.

## Channels, signals and theme statuses (one message per value).

listen-channel-community = Community
listen-channel-mastodon = Mastodon
listen-channel-bluesky = Bluesky
listen-channel-feed = Feed
listen-channel-webhook = Webhook
listen-channel-email = E-mail
listen-channel-import = Import
listen-channel-other = Other
listen-sentiment-negative = negative
listen-sentiment-neutral = neutral
listen-sentiment-positive = positive
listen-intent-complaint = complaint
listen-intent-question = question
listen-intent-praise = praise
listen-intent-idea = idea
listen-intent-other = other
theme-status-new = New
theme-status-acknowledged = Acknowledged
theme-status-fixing = Fixing
theme-status-resolved = Resolved

## The mention stream.

listen-title = Listening
listen-all-themes = All themes
listen-last-day = Last 24 hours
listen-stat-mentions = { $n ->
    [one] mention in 24 h
   *[other] mentions in 24 h
}
listen-stat-reach = reach
listen-stat-negative = negative
listen-stat-complaints = { $n ->
    [one] complaint
   *[other] complaints
}
listen-volume-caption = Mentions per hour, last 48 hours.
listen-volume-caption-spikes = Mentions per hour, last 48 hours; spike hours in amber.
listen-volume-chart = { $n ->
    [one] Mentions per hour over the last 48 hours: { $n } in all
   *[other] Mentions per hour over the last 48 hours: { $n } in all
}
listen-volume-chart-spike = { $n ->
    [one] Mentions per hour over the last 48 hours: { $n } in all, with a spike
   *[other] Mentions per hour over the last 48 hours: { $n } in all, with a spike
}
listen-spikes = Spikes
listen-spike-all = { $n ->
    [one] All mentions: { $n } mention in the hour from { $hour } (usually { $usual })
   *[other] All mentions: { $n } mentions in the hour from { $hour } (usually { $usual })
}
listen-spike-theme = { $n ->
    [one] Theme “{ $theme }”: { $n } mention in the hour from { $hour } (usually { $usual })
   *[other] Theme “{ $theme }”: { $n } mentions in the hour from { $hour } (usually { $usual })
}
listen-filter-form = Filter mentions
listen-filter-channel = Channel
listen-filter-source = Source
listen-filter-sentiment = Sentiment
listen-filter-intent = Intent
listen-filter-theme = Theme
listen-filter-language = Language
listen-filter-any-channel = All
listen-filter-any-source = All
listen-filter-any-sentiment = All
listen-filter-any-intent = All
listen-filter-any-theme = All
listen-filter-language-hint = Code such as en, de
listen-filter-apply = Filter
listen-filter-clear = Clear filters
listen-filter-not-number = must be a number
listen-empty = No mentions match. Sources bring them in.
listen-empty-setup = Set up a source
listen-empty-import = To import a file, run:
listen-list = Mentions, newest first
listen-more = More mentions
listen-older = Older mentions
listen-top-themes = Top themes
listen-no-themes = No themes yet: they form when two or more similar complaints or questions arrive.
listen-spike = Spike
listen-spiked-at = Spiked { $when }
listen-mentions-word = { $n ->
    [one] mention
   *[other] mentions
}
listen-spark = { $n ->
    [one] { $n } mention in the last { $days } days
   *[other] { $n } mentions in the last { $days } days
}
listen-spark-spike = { $n ->
    [one] { $n } mention in the last { $days } days, with a spike
   *[other] { $n } mentions in the last { $days } days, with a spike
}

## A mention, in the stream and on its own page.

listen-followers = { $n ->
    [one] { $reach } follower
   *[other] { $reach } followers
}
listen-likes = { $n ->
    [one] { $n } like
   *[other] { $n } likes
}
listen-boosts = { $n ->
    [one] { $n } boost
   *[other] { $n } boosts
}
listen-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
listen-signals = Signals
listen-chip-service = service
listen-chip-abusive = abusive
listen-language = Language
listen-decided-none = no model for this language: only language-neutral signals
listen-decided-accurate = accurate tier ({ $model } encoder)
listen-decided-pending = fast tier, the accurate tier will read it shortly
listen-decided-fast = fast tier (linear model)
listen-mention-title = Mention by { $author }
listen-mention-heading = { $channel } mention by { $author }
listen-mention-source = source { $source }
listen-view-original = View on the network
listen-signals-caption = What analysis found
listen-row-sentiment = Sentiment
listen-row-intent = Intent
listen-row-service = About the service
listen-row-toxicity = Toxicity
listen-row-phrases = Key phrases
listen-row-decided = Decided by
listen-row-why-negative = Words behind “negative”
listen-row-why-abusive = Words behind “abusive”
listen-row-theme = Theme
listen-yes = yes
listen-no = no
listen-toxicity-abusive = abusive
listen-toxicity-not-abusive = not abusive
listen-none-stood-out = none stood out
listen-no-theme = none yet
listen-reply-back = Replies to this mention can go back through { $channel }.
listen-open-case = Open a case
listen-conversation = Conversation
listen-conversation-empty = No other posts of this conversation have been seen.

## Themes.

theme-list-title = Themes
theme-list-stream = Mention stream
theme-list-intro = Similar complaints and questions from every channel, grouped as they arrive.
theme-list-by-status = Filter themes by status
theme-list-all = All
theme-list-sort = Sort themes
theme-sort-largest = Largest
theme-sort-recent = Most recent
theme-list-empty = No themes here yet.
theme-list-count = { $n ->
    [one] { $n } theme
   *[other] { $n } themes
}
theme-col-theme = Theme
theme-col-status = Status
theme-col-mentions = Mentions
theme-col-reach = Reach
theme-col-negative = Negative
theme-col-spark = { $n ->
    [one] Last day
   *[other] Last { $n } days
}
theme-col-last-seen = Last seen
theme-col-day = Day
theme-page-title = Theme: { $label }
theme-merged = This theme was merged into another one.
theme-merged-link = Go to theme { $id }
theme-totals = Totals
theme-last-seen = last seen
theme-note = Note:
theme-chart = { $n ->
    [one] Mentions per hour over the last 7 days: { $n } in all
   *[other] Mentions per hour over the last 7 days: { $n } in all
}
theme-chart-spikes = { $n ->
    [one] Mentions per hour over the last 7 days: { $n } in all; spike hours highlighted
   *[other] Mentions per hour over the last 7 days: { $n } in all; spike hours highlighted
}
theme-chart-caption = Mentions per hour over the last 7 days.
theme-chart-caption-spikes = Mentions per hour over the last 7 days; spike hours in amber.
theme-daily-table = Mentions per day (table)
theme-spike-line = { $n ->
    [one] { $when }: { $n } mention (usually { $usual })
   *[other] { $when }: { $n } mentions (usually { $usual })
}
theme-status-heading = Status
theme-status-label = Status
theme-note-label = Note for colleagues
theme-status-save = Save status
theme-merge-heading = Merge
theme-merge-intro = Move every mention of this theme into another one.
theme-merge-into = Merge into
theme-merge-choose = Choose a theme
theme-merge-submit = Merge
theme-samples = Recent mentions
theme-split-legend = Select mentions that are a different issue, then split them into a new theme.
theme-mention-details = details
theme-mention-details-of = Details of the mention by { $author }
theme-split-submit = Split selected into a new theme
theme-status-set = { $status ->
    [new] The theme is now new.
    [acknowledged] The theme is now acknowledged.
    [fixing] The theme is now fixing.
   *[resolved] The theme is now resolved.
}
theme-merge-choose-first = Choose the theme to merge into.
theme-merged-flash = { $n ->
    [one] Merged: this theme now has { $n } mention.
   *[other] Merged: this theme now has { $n } mentions.
}
theme-split-flash = { $n ->
    [one] Split off { $n } mention into this new theme.
   *[other] Split off { $n } mentions into this new theme.
}

## Sources (administration).

source-list-title = Sources
source-add-form = Add a source
source-add-on = Add a source on
source-add = Add source
source-list-empty = No sources yet.
source-list-empty-other = Mentions can also come in without one:
source-list-caption = { $n ->
    [one] { $n } source and how it is doing
   *[other] { $n } sources and how they are doing
}
source-col-source = Source
source-col-query = Query
source-col-state = State
source-col-last-fetch = Last fetch
source-col-counts = Matched / new / filtered out
source-col-lag = Lag
source-col-actions = Actions
source-listening = Listening
source-paused = Paused
source-error = Error: { $error }
source-error-repeated = { $n ->
    [one] Error ({ $n } in a row): { $error }
   *[other] Error ({ $n } in a row): { $error }
}
source-never = never
source-pause = Pause
source-resume = Resume
source-edit-title = Source { $name }
source-new-title = New { $channel } source
source-secret-once = The signing secret of this source is shown only now.
source-secret-give = Give it to the relay that posts here:
source-post-to = Post to this address:
source-sign-with = Sign every request with this header:
source-signature-value = hex HMAC-SHA256 of the body
source-relays-post = Relays post to this address, signed with the source's secret:
source-status = Status
source-state = State
source-last-fetch = Last fetch
source-last-error = Last error
source-none = none
source-items-seen = Items seen
source-items-new = { $n ->
    [one] new: { $n }
   *[other] new: { $n }
}
source-lag = Lag
source-name = Name
source-query = Query
source-query-hint = Keywords with AND, OR, NOT, "quoted phrases", #hashtags and @accounts. For example:
source-server = Server
source-example = e.g. { $example }
source-stream = Follow hashtags live (streaming API)
source-mentions = Take every mention of the token's account
source-jetstream = Jetstream
source-appview = AppView (profiles)
source-pds = PDS (for replies)
source-handle = Handle that replies
source-feed-url = Feed address
source-access-token = Access token
source-app-password = App password
source-signing-secret = Signing secret
source-secret-set = A secret is set; leave empty to keep it.
source-secret-optional = Optional for public listening; needed to search, read mentions and reply.
source-poll = Seconds between polls
source-poll-invalid = must be a whole number of seconds
source-enabled = Listening (uncheck to pause)
source-save = Save source
source-create = Create source
source-delete = Delete this source
source-delete-note = Its mentions stay.
source-choose-channel = choose a channel
source-created = Source “{ $name }” created.
source-saved = Source “{ $name }” saved.
source-resumed = Source “{ $name }” resumed.
source-paused-flash = Source “{ $name }” paused.
source-deleted = Source deleted; its mentions stay.
