# Demander : rédiger un sujet, poser une question sans compte, réponses suggérées et recherche.

## Rédiger un sujet

ask-title-new = Nouveau sujet
ask-title-edit = Modifier le sujet
ask-heading-new = Ouvrir un sujet
ask-kind-question = Question
ask-kind-question-hint = Vous voulez savoir comment faire quelque chose.
ask-kind-problem = Problème
ask-kind-problem-hint = Quelque chose ne fonctionne pas comme prévu.
ask-kind-idea = Idée
ask-kind-idea-hint = Une suggestion pour améliorer le produit.
ask-kind-praise = Compliment
ask-kind-praise-hint = Quelque chose qui vous plaît et que vous voulez dire.
ask-field-title = Titre
ask-field-title-hint = Une phrase claire, 200 caractères au maximum.
ask-field-title-hint-live = Une phrase claire, 200 caractères au maximum. Nous cherchons des réponses existantes pendant que vous tapez.
ask-check = Chercher des réponses existantes
ask-field-body = Détails
ask-field-body-hint = Ce qui s’est passé, ce que vous attendiez, versions, étapes. Le Markdown est pris en charge.
ask-field-tags = Étiquettes
ask-field-tags-hint = Jusqu’à 5, séparées par des virgules, par ex. connexion, mobile.
ask-field-category = Produit ou catégorie (facultatif)
ask-nudge-lead = Avant de publier :
ask-nudge-choice = Modifiez votre sujet ci-dessus, ou publiez-le tel quel : un modérateur le lira d’abord.
ask-nudge-abuse = Votre agacement est le bienvenu ici, mais ce texte se lit comme une attaque contre une personne. Pourriez-vous le reformuler en partant de ce qui n’a pas marché ? Les messages de ce genre sont retenus jusqu’à leur lecture par un modérateur.
ask-nudge-filter = Ce texte contient des mots que cette communauté a demandé aux modérateurs de vérifier. Vous pouvez le reformuler, ou le publier tel quel : un modérateur le lira d’abord.
ask-nudge-spam = Ceci ressemble fort à du spam (beaucoup de liens, le même texte répété ou beaucoup de messages en peu de temps). Un modérateur le lira avant sa publication.
ask-nudge-flags = Des membres ont signalé ce message : il reste masqué jusqu’à sa lecture par un modérateur.
ask-post = Publier le sujet
ask-save = Enregistrer les modifications
ask-cancel = Annuler
ask-topic-posted = Votre sujet est publié. Vous serez averti des réponses.
ask-topic-held = Votre sujet est retenu : un modérateur le lira avant que les autres le voient.

## Poser une question sans compte

ask-guest-title = Demander à la communauté
ask-guest-intro = Pas besoin de compte : indiquez-nous où envoyer un lien de confirmation, et votre question sera publiée dès que vous l’ouvrirez.
ask-guest-have-account = Vous avez déjà un compte ?
ask-guest-login = Connectez-vous pour poser votre question avec votre compte.
ask-guest-sent = Consultez votre boîte de réception : nous avons envoyé un lien à { $email }. Votre question sera publiée quand vous l’ouvrirez (sous 24 heures).
ask-field-name = Votre nom
ask-field-name-hint = Affiché à côté de votre question.
ask-field-email = Adresse e-mail
ask-field-email-hint = Nous y envoyons le lien. Elle n’est jamais affichée.
ask-guest-send = M’envoyer le lien
ask-guest-too-many = { $n ->
    [one] Trop de questions depuis cette adresse. Réessayez dans { $n } minute.
   *[other] Trop de questions depuis cette adresse. Réessayez dans { $n } minutes.
}
ask-confirm-title = Publier votre question
ask-confirm-held = Votre question est retenue : un modérateur la lira avant que les autres la voient. Vous aurez de nos nouvelles par e-mail.
ask-confirm-asked = Votre question :
ask-confirm-publish = Publier ma question
ask-confirm-expired = Ce lien a expiré ou a déjà été utilisé.
ask-confirm-again = Poser une nouvelle question
ask-confirm-published = Votre question est publiée.
ask-confirm-suspended = Le compte de cette adresse est suspendu.
ask-confirm-not-yet = Votre question n’a pas encore pu être publiée : { $reason }

## Réponses suggérées pendant la rédaction

ask-suggest-heading = Ces réponses règlent peut-être déjà la question
ask-suggest-answered = Résolu
ask-suggest-solved = Cela résout mon problème
ask-suggest-carry-on = Ce n’est pas ce qu’il vous faut ? Continuez et publiez votre sujet.
ask-suggest-none = Aucune réponse existante ne correspond pour l’instant. Vous pouvez publier.
ask-deflect-solved = Ravis que cela ait répondu à votre question. Votre brouillon n’a pas été publié.

## Recherche

ask-search-title = Recherche
ask-search-for = Rechercher
ask-search-hint = Des mots, des "expressions exactes", des -exclusions. Les fautes de frappe et les formulations différentes ne posent pas de problème.
ask-search-in = Dans
ask-search-all = Tout
ask-search-topics = Sujets
ask-search-replies = Réponses
ask-search-articles = Articles
ask-search-events = Sessions de questions
ask-search-mentions = Mentions
ask-search-tag = Étiquette ou catégorie
ask-search-from = Du
ask-search-before = Avant le
ask-search-submit = Rechercher
ask-search-no-results = Aucun résultat
ask-search-results = Résultats
ask-search-results-page = Résultats, page { $page }
ask-search-nothing = Aucun résultat ne correspond. Essayez avec moins de mots.
ask-search-ask = Posez plutôt la question à la communauté.
ask-search-more = Plus de résultats
ask-search-previous = Précédent
ask-search-next = Suivant
ask-hit-topic = Sujet
ask-hit-reply = Réponse
ask-hit-article = Article
ask-hit-mention = Mention
ask-hit-event-question = Session de questions
