# Das Community-Widget auf anderen Websites (embed.js) und oEmbed-Karten.

embed-heading = Fragen aus der Community
embed-search-region = Community durchsuchen
embed-search = Nach einer Antwort suchen
embed-suggestions = Vorgeschlagene Antworten
embed-ask = Die Community fragen
embed-answers-from = Antworten aus
embed-our-community = unserer Community
embed-no-topics = Noch keine Fragen. Stellen Sie die erste.
embed-accepted = Akzeptierte Antwort
embed-official = Offizielle Antwort
embed-accepted-by = Akzeptierte Antwort von { $author }:
embed-official-by = Offizielle Antwort von { $author }:
embed-read-answer = Antwort lesen
embed-read-answer-to = Antwort auf „{ $title }“ lesen
embed-replies = { $n ->
        [one] { $n } Antwort
       *[other] { $n } Antworten
    }
embed-solved = Das hat geholfen
embed-solved-it = Das hat geholfen: { $title }
embed-thanks = Danke für die Rückmeldung.
embed-no-answers = Noch keine Antworten: Fragen Sie die Community
embed-may-help = { $n ->
        [one] { $n } Antwort könnte helfen
       *[other] { $n } Antworten könnten helfen
    }
