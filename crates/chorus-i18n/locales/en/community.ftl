# community: topic listings, topic pages, replies, reactions, idea statuses and edit histories.

## Topic kinds and idea statuses

community-kind-question = Question
community-kind-problem = Problem
community-kind-idea = Idea
community-kind-praise = Praise
community-status-open = Open
community-status-under-review = Under review
community-status-planned = Planned
community-status-started = Started
community-status-done = Done
community-status-declined = Declined
community-status-duplicate = Duplicate

## Listings

community-heading-latest = Latest topics
community-heading-top = Most popular topics
community-heading-unanswered = Unanswered questions and problems
community-heading-kind-question = Questions
community-heading-kind-problem = Problems
community-heading-kind-idea = Ideas
community-heading-kind-praise = Praise
community-heading-tagged = { $list } tagged “{ $tag }”
community-sort-latest = Latest
community-sort-top = Most popular
community-sort-unanswered = Unanswered
community-kind-all = All topics
community-status-any = Any status
community-new-topic = New topic
community-sort-nav = Sort topics
community-kind-nav = Filter by kind
community-status-nav = Filter ideas by status
community-showing-tagged = Showing topics tagged #{ $tag }.
community-show-all = Show all topics
community-topics-list = Topics
community-empty = Nothing here yet.
community-start-topic = Start a topic
community-more-topics = More topics
community-feed = Atom feed of this list
community-popular-tags = Popular tags
community-no-tags = No tags yet.
community-tag-topics = { $n ->
    [one] { $n } topic
   *[other] { $n } topics
}
community-answered = Answered
community-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
community-other-replies = { $n ->
    [one] { $n } other reply
   *[other] { $n } other replies
}
community-votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
community-me-too-count = { $n ->
    [one] { $n } person has this
   *[other] { $n } people have this
}
community-active = active

## Topic page

community-deleted = Deleted
community-held = Held for review: { $reason }
community-held-abuse = Abusive language
community-held-filter = Matched a word filter
community-held-spam = Looks like spam
community-held-flags = Flagged by members
community-held-hidden = Hidden from other members
community-held-note = Only you and the moderators can see this topic for now.
community-held-waiting = Waiting for a moderator
community-hidden = Hidden: { $reason }
community-nudge-abuse = Your frustration is welcome here, but this reads as an attack on a person. Could you rephrase it around what went wrong? Posts like this are held until a moderator has read them.
community-nudge-filter = This contains words this community has asked moderators to review. You can rephrase it, or post it as it is and a moderator will read it first.
community-nudge-spam = This looks a lot like spam (many links, the same text again, or many posts in a short time). A moderator will read it before it is published.
community-nudge-flags = Members flagged this post, so it is hidden until a moderator has read it.
community-in-category = in { $category }
community-edited = edited, see earlier versions
community-duplicate-of = This idea duplicates another one, which received its votes and followers:
community-edit-topic = Edit topic
community-delete-topic = Delete topic
community-accepted-answer = Accepted answer
community-solves-it = This solves my problem, no need to post
community-article-notice = This answer is also a knowledge-base article:
community-article-state-draft = draft
community-article-state-published = published
community-article-state-archived = archived
community-promote = Turn into a knowledge-base article
community-status-history = Status history
community-status-by-staff = A staff member
community-set-status-heading = Set the status (staff)
community-status-label = Status
community-status-note = Public note
community-duplicate-label = Duplicate of (idea number)
community-duplicate-hint = Only for the Duplicate status: the idea that receives the votes and followers.
community-duplicate-number = Give the number of the idea, e.g. 42.
community-set-status = Set status
community-status-set = Status set to { $status }. Followers and voters are notified.
community-flag-reason-spam = Spam
community-flag-reason-abuse = Abuse
community-flag-reason-off-topic = Off-topic
community-flag-reason-other = Something else

## Reactions

community-vote-idea = Vote for this idea
community-voted-idea = You voted for this idea
community-login-vote-idea = Log in to vote for this idea
community-vote-reply = Vote for this reply
community-voted-reply = You voted for this reply
community-login-vote-reply = Log in to vote for this reply
community-me-too = I have this too
community-me-too-active = You have this too
community-login-me-too = { $kind ->
    [question] Log in to say you have this question too
   *[other] Log in to say you have this problem too
}
community-follow = Follow this topic
community-following = You follow this topic
community-login-follow = Log in to follow this topic
community-followers = { $n ->
    [one] { $shown } follower
   *[other] { $shown } followers
}

## Replies

community-reply-by = Reply by { $name }
community-official-answer = Official answer
community-accepted = Accepted
community-accept = Accept this answer
community-unaccept = No longer accept this answer
community-accepted-flash = Answer accepted. Thank you for closing the loop!
community-unaccepted = The answer is no longer accepted.
community-edit-reply = Edit reply
community-edit-reply-by = Edit reply by { $name }
community-delete-reply = Delete reply
community-delete-reply-by = Delete reply by { $name }
community-your-reply = Your reply
community-before-you-post = Before you post:
community-nudge-choice = Edit your reply below, or post it as it is and a moderator will read it first.
community-reply-label = Reply
community-markdown-hint = Markdown works: **bold**, lists, `code`, [links](https://example.com).
community-post-reply = Post reply
community-login-to-reply = Log in to reply
community-signup-to-reply = New here? Sign up to reply
community-reply-posted = Your reply is posted.
community-reply-held = Your reply is held: a moderator will read it before others see it.

## Editing and histories

community-edit-reply-title = Edit reply
community-save-changes = Save changes
community-cancel-edit = Cancel
community-topic-saved = Your changes are saved; the earlier version stays in the history.
community-topic-deleted = The topic is deleted.
community-reply-updated = Your reply is updated.
community-reply-deleted = The reply is deleted.
community-history-topic = Edit history of “{ $title }”
community-history-reply = Edit history of a reply by { $name }
community-history-back = Back to the topic
community-history-current = Current version
community-history-replaced = Replaced on { $when } by { $editor }
community-history-someone = someone
community-history-tags = Tags: { $tags }
community-history-never = Never edited.
