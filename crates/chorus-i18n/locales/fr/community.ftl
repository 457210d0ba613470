# community : listes de sujets, pages de sujet, réponses, réactions, statuts des idées et historiques de modification.

## Types de sujet et statuts des idées

community-kind-question = Question
community-kind-problem = Problème
community-kind-idea = Idée
community-kind-praise = Compliment
community-status-open = Ouverte
community-status-under-review = À l’étude
community-status-planned = Prévue
community-status-started = En cours
community-status-done = Terminée
community-status-declined = Refusée
community-status-duplicate = Doublon

## Listes

community-heading-latest = Sujets récents
community-heading-top = Sujets les plus populaires
community-heading-unanswered = Questions et problèmes sans réponse
community-heading-kind-question = Questions
community-heading-kind-problem = Problèmes
community-heading-kind-idea = Idées
community-heading-kind-praise = Compliments
community-heading-tagged = { $list } avec l’étiquette « { $tag } »
community-sort-latest = Récents
community-sort-top = Les plus populaires
community-sort-unanswered = Sans réponse
community-kind-all = Tous les sujets
community-status-any = Tous les statuts
community-new-topic = Nouveau sujet
community-sort-nav = Trier les sujets
community-kind-nav = Filtrer par type
community-status-nav = Filtrer les idées par statut
community-showing-tagged = Sujets avec l’étiquette #{ $tag }.
community-show-all = Afficher tous les sujets
community-topics-list = Sujets
community-empty = Rien ici pour l’instant.
community-start-topic = Lancer un sujet
community-more-topics = Plus de sujets
community-feed = Flux Atom de cette liste
community-popular-tags = Étiquettes populaires
community-no-tags = Pas encore d’étiquettes.
community-tag-topics = { $n ->
    [one] { $n } sujet
   *[other] { $n } sujets
}
community-answered = Répondu
community-replies = { $n ->
    [one] { $n } réponse
   *[other] { $n } réponses
}
community-other-replies = { $n ->
    [one] { $n } autre réponse
   *[other] { $n } autres réponses
}
community-votes = { $n ->
    [one] { $n } voix
   *[other] { $n } voix
}
community-me-too-count = { $n ->
    [one] { $n } personne concernée
   *[other] { $n } personnes concernées
}
community-active = dernière activité

## Page d’un sujet

community-deleted = Supprimé
community-held = En attente de modération : { $reason }
community-held-abuse = Propos injurieux
community-held-filter = Correspond à un filtre de mots
community-held-spam = Ressemble à du spam
community-held-flags = Signalé par des membres
community-held-hidden = Masqué pour les autres membres
community-held-note = Pour l’instant, seuls vous et les modérateurs pouvez voir ce sujet.
community-held-waiting = En attente d’un modérateur
community-hidden = Masqué : { $reason }
community-nudge-abuse = Votre frustration a toute sa place ici, mais ce message ressemble à une attaque contre une personne. Pourriez-vous le reformuler autour de ce qui n’a pas fonctionné ? Les messages de ce type sont retenus jusqu’à ce qu’un modérateur les ait lus.
community-nudge-filter = Ce texte contient des mots que cette communauté a demandé aux modérateurs de vérifier. Vous pouvez le reformuler, ou le publier tel quel : un modérateur le lira d’abord.
community-nudge-spam = Ce message ressemble beaucoup à du spam (beaucoup de liens, le même texte à nouveau ou de nombreux messages en peu de temps). Un modérateur le lira avant sa publication.
community-nudge-flags = Des membres ont signalé ce message ; il reste masqué jusqu’à ce qu’un modérateur l’ait lu.
community-in-category = dans { $category }
community-edited = modifié, voir les versions précédentes
community-duplicate-of = Cette idée fait doublon avec une autre, qui a reçu ses voix et ses abonnés :
community-edit-topic = Modifier le sujet
community-delete-topic = Supprimer le sujet
community-accepted-answer = Réponse acceptée
community-solves-it = Cela résout mon problème, inutile de publier
community-article-notice = Cette réponse est aussi un article de la base de connaissances :
community-article-state-draft = brouillon
community-article-state-published = publié
community-article-state-archived = archivé
community-promote = Transformer en article de la base de connaissances
community-status-history = Historique des statuts
community-status-by-staff = Un membre de l’équipe
community-set-status-heading = Définir le statut (équipe)
community-status-label = Statut
community-status-note = Note publique
community-duplicate-label = Doublon de (numéro de l’idée)
community-duplicate-hint = Uniquement pour le statut Doublon : l’idée qui reçoit les voix et les abonnés.
community-duplicate-number = Indiquez le numéro de l’idée, par exemple 42.
community-set-status = Définir le statut
community-status-set = Statut défini sur { $status }. Les abonnés et les votants sont prévenus.
community-flag-reason-spam = Spam
community-flag-reason-abuse = Propos abusifs
community-flag-reason-off-topic = Hors sujet
community-flag-reason-other = Autre chose

## Réactions

community-vote-idea = Voter pour cette idée
community-voted-idea = Vous avez voté pour cette idée
community-login-vote-idea = Connectez-vous pour voter pour cette idée
community-vote-reply = Voter pour cette réponse
community-voted-reply = Vous avez voté pour cette réponse
community-login-vote-reply = Connectez-vous pour voter pour cette réponse
community-me-too = Moi aussi
community-me-too-active = Vous aussi
community-login-me-too = { $kind ->
    [question] Connectez-vous pour indiquer que vous vous posez la même question
   *[other] Connectez-vous pour indiquer que vous avez le même problème
}
community-follow = Suivre ce sujet
community-following = Vous suivez ce sujet
community-login-follow = Connectez-vous pour suivre ce sujet
community-followers = { $n ->
    [one] { $shown } abonné
   *[other] { $shown } abonnés
}

## Réponses

community-reply-by = Réponse de { $name }
community-official-answer = Réponse officielle
community-accepted = Acceptée
community-accept = Accepter cette réponse
community-unaccept = Ne plus accepter cette réponse
community-accepted-flash = Réponse acceptée. Merci d’avoir bouclé la boucle !
community-unaccepted = La réponse n’est plus acceptée.
community-edit-reply = Modifier la réponse
community-edit-reply-by = Modifier la réponse de { $name }
community-delete-reply = Supprimer la réponse
community-delete-reply-by = Supprimer la réponse de { $name }
community-your-reply = Votre réponse
community-before-you-post = Avant de publier :
community-nudge-choice = Modifiez votre réponse ci-dessous, ou publiez-la telle quelle : un modérateur la lira d’abord.
community-reply-label = Réponse
community-markdown-hint = Le Markdown fonctionne : **gras**, listes, `code`, [liens](https://example.com).
community-post-reply = Publier la réponse
community-login-to-reply = Connectez-vous pour répondre
community-signup-to-reply = Nouveau ici ? Inscrivez-vous pour répondre
community-reply-posted = Votre réponse est publiée.
community-reply-held = Votre réponse est retenue : un modérateur la lira avant que d’autres la voient.

## Modification et historiques

community-edit-reply-title = Modifier la réponse
community-save-changes = Enregistrer les modifications
community-cancel-edit = Annuler
community-topic-saved = Vos modifications sont enregistrées ; la version précédente reste dans l’historique.
community-topic-deleted = Le sujet est supprimé.
community-reply-updated = Votre réponse est mise à jour.
community-reply-deleted = La réponse est supprimée.
community-history-topic = Historique des modifications de « { $title } »
community-history-reply = Historique des modifications d’une réponse de { $name }
community-history-back = Retour au sujet
community-history-current = Version actuelle
community-history-replaced = Remplacée le { $when } par { $editor }
community-history-someone = quelqu’un
community-history-tags = Étiquettes : { $tags }
community-history-never = Jamais modifié.
