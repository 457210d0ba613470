# Moderation: the queue, word filters, the public log, flags, trust levels and silences.

mod-queue-title = Moderation queue
mod-heading = Moderation
mod-filters-title = Word filters
mod-log-title = Moderation log
mod-queue-views = Queue views
mod-queue-waiting = Waiting
mod-queue-settled = Settled
mod-queue-intro = Held and flagged posts, oldest first. Angry complaints are published (and prioritised), never held: what waits here is abuse, spam, held words and what members flagged. Abusive text is hidden until you choose to read it.
mod-queue-empty-open = Nothing waiting. Well done.
mod-queue-empty-settled = Nothing settled yet.

# Why a post is in the queue.
mod-reason-abuse = Abusive language
mod-reason-filter = Matched a word filter
mod-reason-spam = Looks like spam
mod-reason-flags = Flagged by members

# Who can see the post now: held (waiting for review) and hidden (removed) are different.
mod-visibility-visible = Visible
mod-visibility-held = Held for review
mod-visibility-hidden = Hidden

mod-item-topic-in = topic in
mod-item-reply-in = reply in
mod-by = by
mod-queued = queued
mod-deleted = deleted
mod-toxicity = toxicity { $score }
mod-signals = Signals:
mod-flags-count = { $n ->
    [one] Flags ({ $n }):
   *[other] Flags ({ $n }):
}
mod-flag-reason-spam = Spam
mod-flag-reason-abuse = Abuse
mod-flag-reason-off-topic = Off-topic
mod-flag-reason-other = Something else
mod-flag-line = { $reason } — { $by }
mod-flag-line-note = { $reason } — { $by }: “{ $note }”

mod-author-record = Author's record:
mod-record-none = No posts yet.
mod-record-clean = { $n ->
    [one] Constructive: { $n } post, none abusive.
   *[other] Constructive: { $n } posts, none abusive.
}
mod-record-few = { $n ->
    [one] Too few posts to call it a pattern: { $abusive } of { $n } abusive. Read the post itself.
   *[other] Too few posts to call it a pattern: { $abusive } of { $n } abusive. Read the post itself.
}
mod-record-mostly = { $n ->
    [one] Mostly constructive: { $abusive } of { $n } post abusive ({ $share }%) — likely a frustrated customer.
   *[other] Mostly constructive: { $abusive } of { $n } posts abusive ({ $share }%) — likely a frustrated customer.
}
mod-record-often = { $n ->
    [one] Often abusive: { $abusive } of { $n } post ({ $share }%), { $actions } — handle as a pattern, not a one-off.
   *[other] Often abusive: { $abusive } of { $n } posts ({ $share }%), { $actions } — handle as a pattern, not a one-off.
}
mod-record-upheld = { $n ->
    [one] { $n } upheld moderator action
   *[other] { $n } upheld moderator actions
}
mod-history-caption = Posts by { $name } per month, constructive and abusive
mod-col-month = Month
mod-col-constructive = Constructive
mod-col-abusive = Abusive
mod-settled-as = Settled: { $action }

# The action form.
mod-action-legend-topic = Action on this topic
mod-action-legend-reply = Action on this reply
mod-action-approve = Approve
mod-action-edit = Edit and publish
mod-action-hide = Hide
mod-action-delete = Delete
mod-action-warn = Warn the author
mod-action-silence = Silence the author
mod-action-suspend = Suspend the author
mod-field-reason = Reason (the author and the public log see it)
mod-field-days = Days of silence (for “Silence the author”)
mod-edit-text = Edit the text (for “Edit and publish”)
mod-field-new-text = New text
mod-apply = Apply action
mod-apply-which = to item { $id }

# Word filters.
mod-back-to-queue = Back to the queue
mod-filters-intro = Filters match whole words after normalizing case, accents, look-alike digits and symbols (“sh1t”), stretched letters (“stuuupid”) and spaced-out letters (“f u c k”) — never a piece of a longer word, so “Scunthorpe”, “classic” and “smartwatch” pass.
# Around the code samples: "End a word with * to match its endings (idiot* matches “idiots”)."
mod-filters-wildcard-start = End a word with
mod-filters-wildcard-middle = to match its endings
mod-filters-wildcard-example = matches “idiots”
mod-filters-empty = No filters yet.
mod-col-words = Words
mod-col-action = Action
mod-col-replacement = Replacement
mod-col-remove = Remove
mod-filter-remove = Remove
mod-filter-remove-which = filter { $pattern }
mod-filter-add-heading = Add a filter
mod-field-pattern = Word or phrase
mod-field-pattern-hint = Up to eight words; * at a word's start or end.
mod-field-filter-action = What a match does
mod-field-replacement = Replacement (for Replace)
mod-filter-action-block = Block
mod-filter-action-hold = Hold for review
mod-filter-action-replace = Replace
mod-filter-action-flag = Flag for review
mod-filter-add = Add filter
mod-filter-try-heading = Try a text
mod-field-sample = Text to check
mod-filter-check = Check
mod-filter-no-match = No filter matches.
mod-filter-hit = “{ $text }” matches
mod-filter-after = After replacement: { $text }

# The public log.
mod-log-intro = Every moderation action in this community, newest first, with its reason.
mod-log-intro-staff = You see who acted because you are staff; members do not.
mod-log-intro-public = Moderators act for the community, so their names are not shown.
mod-log-empty = No moderation actions yet.
mod-log-caption = Moderation actions
mod-col-log-action = Action
mod-col-when = When
mod-col-reason = Reason
mod-col-member = Member
mod-col-post = Post
mod-col-by = By
mod-col-evidence = Evidence
mod-log-automatic = (automatic)
mod-log-by-chorus = Chorus
mod-log-older = Older actions
mod-log-reply = reply #{ $id }
mod-log-action-held = held
mod-log-action-hidden = hidden
mod-log-action-approve = approve
mod-log-action-edit = edit
mod-log-action-hide = hide
mod-log-action-delete = delete
mod-log-action-warn = warn
mod-log-action-silence = silence
mod-log-action-suspend = suspend
mod-log-action-filter-added = filter added
mod-log-action-trust-level = trust level
mod-log-action-unsilence = unsilence

# Trust levels.
mod-trust-new = New member
mod-trust-basic = Basic
mod-trust-member = Regular
mod-trust-trusted = Trusted

# Messages after an action.
mod-flash-flag-again = You had already flagged this; moderators have it.
mod-flash-flag-hidden = Thank you. It is hidden until a moderator has read it.
mod-flash-flag-thanks = Thank you. A moderator will look at it.
mod-flash-choose-action = Choose an action for this item, then apply it.
mod-flash-days-number = Enter a number of days.
mod-flash-done = { $action }: done, logged and the author notified.
mod-flash-done-plain = Done, logged and the author notified.
mod-flash-filter-added = Filter added: { $pattern } ({ $action }).
mod-flash-filter-removed = Filter removed.
mod-flash-trust-set = Trust level set to { $level }.
mod-flash-unsilenced = The member can post again.
mod-title-masked = the topic (its title is hidden with the text)
mod-signals-masked = The words that matched are hidden too.
