# The community widget on other sites (embed.js) and oEmbed cards.

embed-heading = Questions from the community
embed-search-region = Search the community
embed-search = Search for an answer
embed-suggestions = Suggested answers
embed-ask = Ask the community
embed-answers-from = Answers from
embed-our-community = our community
embed-no-topics = No questions yet. Be the first to ask.
embed-accepted = Accepted answer
embed-official = Official answer
embed-accepted-by = Accepted answer by { $author }:
embed-official-by = Official answer by { $author }:
embed-read-answer = Read the answer
embed-read-answer-to = Read the answer to { $title }
embed-replies = { $n ->
        [one] { $n } reply
       *[other] { $n } replies
    }
embed-solved = This solved it
embed-solved-it = This solved it: { $title }
embed-thanks = Thanks for telling us.
embed-no-answers = No answers yet: ask the community
embed-may-help = { $n ->
        [one] { $n } answer may help
       *[other] { $n } answers may help
    }
