# Engagement: the praise queue, advocates, town halls and satisfaction surveys.

## The praise queue

engage-praise-title = Praise worth answering
engage-praise-intro = Positive mentions and praise topics nobody has answered yet, most worth answering first: by reach, by repeat fans, and by whether they name a product or someone on the team. Praise never enters the case inbox.
engage-see-also = See also:
engage-see-advocates = advocates
engage-see-turnaround = turnaround report
engage-praise-empty = Nothing to answer right now. New praise appears here as it is heard.
engage-channel-community = Community
engage-channel-mastodon = Mastodon
engage-channel-bluesky = Bluesky
engage-channel-feed = Feed
engage-channel-webhook = Webhook
engage-channel-email = E-mail
engage-channel-import = Import
engage-original = Original
engage-original-by = post by { $author }
engage-why = Why: { $reason }
engage-reach = reach { $reach }
engage-reason-topic = { $n ->
    [one] praise topic with { $n } vote
   *[other] praise topic with { $n } votes
}
engage-reason-followers = { $n ->
    [one] reaches { $n } follower
   *[other] reaches { $n } followers
}
engage-reason-repeat-fan = { $n ->
    [one] repeat fan ({ $n } positive post)
   *[other] repeat fan ({ $n } positive posts)
}
engage-reason-names = names { $names }
engage-reason-positive = positive mention
engage-thank = Thank { $author }
engage-canned = Canned response
engage-canned-none = None: use the text below
engage-thanks-mention = Your thank-you (posted as a reply on { $channel })
engage-thanks-topic = Your thank-you (an official reply in the topic)
engage-thanks-send = Send the thank-you
engage-cannot-post = Chorus cannot post on { $channel } for this one (it came in without a connected account): thank them where they posted.
engage-feature = Feature on the community
engage-feature-consent = { $author } agreed to have this featured
engage-feature-send = Post it as a praise topic
engage-dismiss = Dismiss
engage-dismiss-post-by = the post by { $author }
engage-thanked-mention = Thank-you queued: it goes out through their channel.
engage-thanked-topic = Thank-you posted in the topic.
engage-featured = Featured in the community: “{ $title }”.
engage-feature-choose = Choose a mention to feature.
engage-dismissed = Taken off the queue.

## Advocates

engage-advocates-title = Advocates
engage-advocates-intro = { $n ->
    [one] People whose positive contributions over the last day are highest, across channels: 5 points per accepted answer, 3 per praise topic, 2 per positive mention, 1 per helpful vote their replies received.
   *[other] People whose positive contributions over the last { $n } days are highest, across channels: 5 points per accepted answer, 3 per praise topic, 2 per positive mention, 1 per helpful vote their replies received.
}
engage-advocates-people = A member and the handles linked to them count as one person.
engage-advocates-empty = No positive contributions yet in this window.
engage-advocates-caption = Advocates by score
engage-col-person = Person
engage-col-score = Score
engage-col-accepted = Accepted answers
engage-col-votes = Helpful votes
engage-col-praise = Praise topics
engage-col-mentions = Positive mentions
engage-col-reach = Reach
engage-col-last = Last active
engage-col-program = Program
engage-invited = Invited { $date }
engage-invite = Invite
engage-invite-label = Invitation (sent by e-mail)
engage-invite-send = Send the invitation
engage-not-member = Not a member
engage-invite-subject = An invitation from { $hub }
engage-invite-body = You are one of the people who make { $hub } work: your answers and kind words help others every day. We would like to invite you to our advocate program — early access to new features, a direct line to the team, and a thank-you from us. Reply to this e-mail if you would like to join.
engage-invite-sent = Invitation sent.
engage-invite-choose = Choose a member.

## Satisfaction surveys

csat-title = How did we do?
csat-about = About: “{ $subject }”
csat-thanks = Thank you! Your answer ({ $score } out of 5) helps us get better.
csat-answered = This survey was answered already ({ $score } out of 5). Thank you!
csat-expired = This survey link has expired. Thank you for thinking of us.
csat-question = How satisfied are you with the help you got?
csat-score-1 = very unhappy
csat-score-2 = unhappy
csat-score-3 = neither
csat-score-4 = happy
csat-score-5 = very happy
csat-comment = Anything you would like to tell us? (optional)
csat-send = Send your answer

## Town halls

event-list-title = Town halls
event-schedule = Schedule a town hall
event-list-intro = Meet the team: ask and vote questions before and during each event, and read the answers afterwards.
event-search-label = Search events, questions and answers
event-search = Search
event-list-empty = No town halls yet.
event-list-no-match = No town hall matches “{ $q }”.
event-phase-live = Live now
event-phase-upcoming = Upcoming
event-phase-ended = Archive
event-counts = { $n ->
    [one] { $n } question, { $answered } answered
   *[other] { $n } questions, { $answered } answered
}
event-when-same-day = { $day }, { $start }–{ $end } UTC
event-when-range = { $start } – { $end }
event-hosted-by = hosted by { $hosts }
event-add-calendar = Add to calendar
event-ics-file = (ICS file)
event-remind = Remind me by e-mail
event-stop-remind = Stop the reminder
event-promote = Make a knowledge-base article of the answers
event-ask-title = Ask a question
event-your-question = Your question
event-ask = Ask
event-login-to-ask = Log in to ask and vote
event-questions = Questions
event-archive-intro = The archive of this town hall: its questions and the team's answers.
event-live-intro = Most voted first. This list updates by itself while the page is open; reload to see the latest without JavaScript.
event-field-title = Title
event-field-starts = Starts (UTC)
event-field-ends = Ends (UTC)
event-field-product = Product (optional)
event-field-description = What it is about (Markdown, optional; a video link alone on a line becomes a player)
event-field-hosts = Hosts (they answer the questions)
event-schedule-send = Schedule
event-no-questions = No questions yet.
event-be-first = Be the first to ask.
event-votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
event-asked-by = Asked by { $author }
event-held = Awaiting review
event-hidden = Hidden
event-vote = Vote
event-voted = Voted
event-vote-hidden = for this question
event-official-answer = Official answer
event-answer = Answer
event-change-answer = Change the answer
event-change-answer-hidden = to this question
event-this-question = this question
event-answer-label = Official answer (Markdown; a video link alone on a line becomes a player)
event-answer-send = Publish the answer
event-hide = Hide
event-show = Show
event-duplicate-of = Duplicate of
event-choose-question = Choose a question
event-merge = Merge
event-scheduled = The town hall is scheduled. Share its page so people can ask questions.
event-asked-held = Your question waits for a moderator's review before others see it.
event-asked = Your question is in. Others can vote for it now.
event-following = You will get a reminder by e-mail before it starts.
event-unfollowed = You no longer follow this town hall.
event-promoted = A draft article was made from the answered questions. Edit it, then send it for review.
event-vote-counted = Vote counted.
event-vote-removed = Vote taken back.
event-answered = Answer published.
event-merged = Merged: its votes count for the other question.
event-merge-choose = Choose the question it duplicates.
event-shown = The question is shown.
event-hidden-done = The question is hidden.
