# Engagement : compliments à traiter, ambassadeurs, séances de questions et enquêtes de satisfaction.

## Compliments à traiter

engage-praise-title = Compliments qui méritent une réponse
engage-praise-intro = Mentions positives et sujets de compliments auxquels personne n’a encore répondu, les plus dignes d’une réponse en premier : selon la portée, les fans fidèles et le fait qu’ils citent un produit ou un membre de l’équipe. Les compliments n’entrent jamais dans la boîte des dossiers.
engage-see-also = Voir aussi :
engage-see-advocates = ambassadeurs
engage-see-turnaround = rapport de retournement
engage-praise-empty = Rien à traiter pour le moment. Les nouveaux compliments apparaissent ici dès qu’ils sont captés.
engage-channel-community = Communauté
engage-channel-mastodon = Mastodon
engage-channel-bluesky = Bluesky
engage-channel-feed = Flux
engage-channel-webhook = Webhook
engage-channel-email = E-mail
engage-channel-import = Importation
engage-original = Voir l’original
engage-original-by = (publication de { $author })
engage-why = Pourquoi : { $reason }
engage-reach = portée { $reach }
engage-reason-topic = { $n ->
    [one] sujet de compliments avec { $n } vote
   *[other] sujet de compliments avec { $n } votes
}
engage-reason-followers = { $n ->
    [one] touche { $n } abonné
   *[other] touche { $n } abonnés
}
engage-reason-repeat-fan = { $n ->
    [one] fan fidèle ({ $n } publication positive)
   *[other] fan fidèle ({ $n } publications positives)
}
engage-reason-names = cite { $names }
engage-reason-positive = mention positive
engage-thank = Remercier { $author }
engage-canned = Réponse type
engage-canned-none = Aucune : utiliser le texte ci-dessous
engage-thanks-mention = Votre remerciement (publié en réponse sur { $channel })
engage-thanks-topic = Votre remerciement (une réponse officielle dans le sujet)
engage-thanks-send = Envoyer le remerciement
engage-cannot-post = Chorus ne peut pas publier sur { $channel } pour celle-ci (elle est arrivée sans compte connecté) : remerciez la personne là où elle a publié.
engage-feature = Mettre en avant dans la communauté
engage-feature-consent = { $author } a accepté que ce message soit mis en avant
engage-feature-send = La publier comme sujet de compliments
engage-dismiss = Écarter
engage-dismiss-post-by = la publication de { $author }
engage-thanked-mention = Remerciement en file d’attente : il part par le canal de la personne.
engage-thanked-topic = Remerciement publié dans le sujet.
engage-featured = Mis en avant dans la communauté : « { $title } ».
engage-feature-choose = Choisissez une mention à mettre en avant.
engage-dismissed = Retiré de la file.

## Ambassadeurs

engage-advocates-title = Ambassadeurs
engage-advocates-intro = { $n ->
    [one] Les personnes dont les contributions positives sont les plus importantes sur le dernier jour, tous canaux confondus : 5 points par réponse acceptée, 3 par sujet de compliments, 2 par mention positive, 1 par vote utile reçu par leurs réponses.
   *[other] Les personnes dont les contributions positives sont les plus importantes sur les { $n } derniers jours, tous canaux confondus : 5 points par réponse acceptée, 3 par sujet de compliments, 2 par mention positive, 1 par vote utile reçu par leurs réponses.
}
engage-advocates-people = Un membre et les comptes qui lui sont liés comptent comme une seule personne.
engage-advocates-empty = Aucune contribution positive sur cette période pour l’instant.
engage-advocates-caption = Ambassadeurs par score
engage-col-person = Personne
engage-col-score = Score
engage-col-accepted = Réponses acceptées
engage-col-votes = Votes utiles
engage-col-praise = Sujets de compliments
engage-col-mentions = Mentions positives
engage-col-reach = Portée
engage-col-last = Dernière activité
engage-col-program = Programme
engage-invited = Invitation envoyée le { $date }
engage-invite = Inviter
engage-invite-label = Invitation (envoyée par e-mail)
engage-invite-send = Envoyer l’invitation
engage-not-member = Pas membre
engage-invite-subject = Une invitation de { $hub }
engage-invite-body = Vous faites partie des personnes qui font vivre { $hub } : vos réponses et vos mots bienveillants aident les autres chaque jour. Nous aimerions vous inviter à rejoindre notre programme d’ambassadeurs : un accès anticipé aux nouveautés, une ligne directe avec l’équipe et un merci de notre part. Répondez à cet e-mail si vous souhaitez nous rejoindre.
engage-invite-sent = Invitation envoyée.
engage-invite-choose = Choisissez un membre.

## Enquêtes de satisfaction

csat-title = Comment était notre service ?
csat-about = Objet : « { $subject } »
csat-thanks = Merci ! Votre réponse ({ $score } sur 5) nous aide à nous améliorer.
csat-answered = Cette enquête a déjà reçu une réponse ({ $score } sur 5). Merci !
csat-expired = Le lien de cette enquête a expiré. Merci d’avoir pensé à nous.
csat-question = Quel est votre niveau de satisfaction concernant l’aide reçue ?
csat-score-1 = très insatisfaisant
csat-score-2 = insatisfaisant
csat-score-3 = moyen
csat-score-4 = satisfaisant
csat-score-5 = très satisfaisant
csat-comment = Souhaitez-vous nous dire quelque chose ? (facultatif)
csat-send = Envoyer votre réponse

## Séances de questions

event-list-title = Rencontres
event-schedule = Programmer une séance de questions
event-list-intro = Rencontrez l’équipe : posez des questions et votez avant et pendant chaque séance, puis lisez les réponses.
event-search-label = Rechercher dans les séances, questions et réponses
event-search = Rechercher
event-list-empty = Aucune séance de questions pour l’instant.
event-list-no-match = Aucune séance de questions ne correspond à « { $q } ».
event-phase-live = En direct
event-phase-upcoming = À venir
event-phase-ended = Archive
event-counts = { $n ->
    [one] { $n } question, { $answered } avec réponse
   *[other] { $n } questions, { $answered } avec réponse
}
event-when-same-day = { $day }, de { $start } à { $end } UTC
event-when-range = du { $start } au { $end }
event-hosted-by = animée par { $hosts }
event-add-calendar = Ajouter à l’agenda
event-ics-file = (fichier ICS)
event-remind = Me le rappeler par e-mail
event-stop-remind = Annuler le rappel
event-promote = Faire un article de la base de connaissances à partir des réponses
event-ask-title = Poser une question
event-your-question = Votre question
event-ask = Poser la question
event-login-to-ask = Connectez-vous pour poser des questions et voter
event-questions = Questions
event-archive-intro = L’archive de cette séance : ses questions et les réponses de l’équipe.
event-live-intro = Les plus votées en premier. Cette liste se met à jour toute seule tant que la page est ouverte ; rechargez pour voir les dernières sans JavaScript.
event-field-title = Titre
event-field-starts = Début (UTC)
event-field-ends = Fin (UTC)
event-field-product = Produit (facultatif)
event-field-description = Sujet de la séance (Markdown, facultatif ; un lien vidéo seul sur une ligne devient un lecteur)
event-field-hosts = Animateurs (ils répondent aux questions)
event-schedule-send = Programmer
event-no-questions = Aucune question pour l’instant.
event-be-first = Posez la première.
event-votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
event-asked-by = Posée par { $author }
event-held = En attente de vérification
event-hidden = Masquée
event-vote = Voter
event-voted = Vote enregistré
event-vote-hidden = pour cette question
event-official-answer = Réponse officielle
event-answer = Répondre
event-change-answer = Modifier la réponse
event-change-answer-hidden = à cette question
event-this-question = (cette question)
event-answer-label = Réponse officielle (Markdown ; un lien vidéo seul sur une ligne devient un lecteur)
event-answer-send = Publier la réponse
event-hide = Masquer
event-show = Afficher
event-duplicate-of = Doublon de
event-choose-question = Choisissez une question
event-merge = Fusionner
event-scheduled = La séance de questions est programmée. Partagez sa page pour que chacun puisse poser ses questions.
event-asked-held = Votre question attend la vérification d’un modérateur avant d’être visible par les autres.
event-asked = Votre question est publiée. Les autres peuvent maintenant voter pour elle.
event-following = Vous recevrez un rappel par e-mail avant le début.
event-unfollowed = Vous ne suivez plus cette séance de questions.
event-promoted = Un brouillon d’article a été créé à partir des questions ayant reçu une réponse. Modifiez-le, puis envoyez-le en relecture.
event-vote-counted = Vote pris en compte.
event-vote-removed = Vote retiré.
event-answered = Réponse publiée.
event-merged = Fusionnée : ses votes comptent pour l’autre question.
event-merge-choose = Choisissez la question dont elle est le doublon.
event-shown = La question est affichée.
event-hidden-done = La question est masquée.
