# Ask: composing a topic, asking as a visitor, suggested answers and search.

## Composing a topic

ask-title-new = New topic
ask-title-edit = Edit topic
ask-heading-new = Start a topic
ask-kind-question = Question
ask-kind-question-hint = You want to know how to do something.
ask-kind-problem = Problem
ask-kind-problem-hint = Something does not work as it should.
ask-kind-idea = Idea
ask-kind-idea-hint = A suggestion to make the product better.
ask-kind-praise = Praise
ask-kind-praise-hint = Something you like and want to say so.
ask-field-title = Title
ask-field-title-hint = One clear sentence, at most 200 characters.
ask-field-title-hint-live = One clear sentence, at most 200 characters. We look for existing answers as you type.
ask-check = Check for existing answers
ask-field-body = Details
ask-field-body-hint = What happened, what you expected, versions, steps. Markdown works.
ask-field-tags = Tags
ask-field-tags-hint = Up to 5, separated by commas, e.g. login, mobile.
ask-field-category = Product or category (optional)
ask-nudge-lead = Before you post:
ask-nudge-choice = Edit your topic above, or post it as it is and a moderator will read it first.
ask-nudge-abuse = Your frustration is welcome here, but this reads as an attack on a person. Could you rephrase it around what went wrong? Posts like this are held until a moderator has read them.
ask-nudge-filter = This contains words this community has asked moderators to review. You can rephrase it, or post it as it is and a moderator will read it first.
ask-nudge-spam = This looks a lot like spam (many links, the same text again, or many posts in a short time). A moderator will read it before it is published.
ask-nudge-flags = Members flagged this post, so it is hidden until a moderator has read it.
ask-post = Post topic
ask-save = Save changes
ask-cancel = Cancel
ask-topic-posted = Your topic is posted. You will be notified of replies.
ask-topic-held = Your topic is held: a moderator will read it before others see it.

## Asking without an account

ask-guest-title = Ask the community
ask-guest-intro = No account needed: tell us where to send a confirmation link, and your question is published once you open it.
ask-guest-have-account = Already have an account?
ask-guest-login = Log in to ask from your account.
ask-guest-sent = Check your inbox: we sent a link to { $email }. Your question is published when you open it (within 24 hours).
ask-field-name = Your name
ask-field-name-hint = Shown next to your question.
ask-field-email = E-mail address
ask-field-email-hint = We send the link here. It is never shown.
ask-guest-send = Send me the link
ask-guest-too-many = { $n ->
    [one] Too many questions from here. Try again in { $n } minute.
   *[other] Too many questions from here. Try again in { $n } minutes.
}
ask-confirm-title = Publish your question
ask-confirm-held = Your question is held: a moderator will read it before others see it. You will hear from us by e-mail.
ask-confirm-asked = You asked:
ask-confirm-publish = Publish my question
ask-confirm-expired = This link has expired or was already used.
ask-confirm-again = Ask again
ask-confirm-published = Your question is published.
ask-confirm-suspended = The account of this address is suspended.
ask-confirm-not-yet = Your question could not be published yet: { $reason }

## Suggested answers while composing

ask-suggest-heading = These answers may solve it already
ask-suggest-answered = Answered
ask-suggest-solved = This solves my problem
ask-suggest-carry-on = Not what you need? Carry on and post your topic.
ask-suggest-none = No existing answer matches yet. Go ahead and post.
ask-deflect-solved = Glad this answered it. Your draft was not posted.

## Search

ask-search-title = Search
ask-search-for = Search for
ask-search-hint = Words, "exact phrases", -excluded. Spelling mistakes and different wording are fine.
ask-search-in = In
ask-search-all = Everything
ask-search-topics = Topics
ask-search-replies = Replies
ask-search-articles = Articles
ask-search-events = Town halls
ask-search-mentions = Mentions
ask-search-tag = Tag or category
ask-search-from = From
ask-search-before = Before
ask-search-submit = Search
ask-search-no-results = No results
ask-search-results = Results
ask-search-results-page = Results, page { $page }
ask-search-nothing = Nothing matched. Try fewer words.
ask-search-ask = Ask the community instead.
ask-search-more = More results
ask-search-previous = Previous
ask-search-next = Next
ask-hit-topic = Topic
ask-hit-reply = Reply
ask-hit-article = Article
ask-hit-mention = Mention
ask-hit-event-question = Town hall
