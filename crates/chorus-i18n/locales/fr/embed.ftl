# Le widget de la communauté sur d’autres sites (embed.js) et les cartes oEmbed.

embed-heading = Questions de la communauté
embed-search-region = Rechercher dans la communauté
embed-search = Chercher une réponse
embed-suggestions = Réponses suggérées
embed-ask = Demander à la communauté
embed-answers-from = Réponses de
embed-our-community = notre communauté
embed-no-topics = Pas encore de questions. Posez la première.
embed-accepted = Réponse acceptée
embed-official = Réponse officielle
embed-accepted-by = Réponse acceptée de { $author } :
embed-official-by = Réponse officielle de { $author } :
embed-read-answer = Lire la réponse
embed-read-answer-to = Lire la réponse à « { $title } »
embed-replies = { $n ->
        [one] { $n } réponse
       *[other] { $n } réponses
    }
embed-solved = Cela m’a aidé
embed-solved-it = Cela m’a aidé : { $title }
embed-thanks = Merci de nous l’avoir dit.
embed-no-answers = Pas encore de réponse : demandez à la communauté
embed-may-help = { $n ->
        [one] { $n } réponse peut aider
       *[other] { $n } réponses peuvent aider
    }
