# Veille : le flux des mentions, la page d’une mention, les thèmes et les sources qui apportent les mentions.

## Canaux, signaux et statuts des thèmes (un message par valeur).

listen-channel-community = Communauté
listen-channel-mastodon = Mastodon
listen-channel-bluesky = Bluesky
listen-channel-feed = Flux
listen-channel-webhook = Webhook
listen-channel-email = Courriel
listen-channel-import = Importation
listen-channel-other = Autre
listen-sentiment-negative = négatif
listen-sentiment-neutral = neutre
listen-sentiment-positive = positif
listen-intent-complaint = réclamation
listen-intent-question = question
listen-intent-praise = éloge
listen-intent-idea = idée
listen-intent-other = autre
theme-status-new = Nouveau
theme-status-acknowledged = Pris en compte
theme-status-fixing = En correction
theme-status-resolved = Résolu

## Le flux des mentions.

listen-title = Veille
listen-all-themes = Tous les thèmes
listen-last-day = Dernières 24 heures
listen-stat-mentions = { $n ->
    [one] mention en 24 h
   *[other] mentions en 24 h
}
listen-stat-reach = portée
listen-stat-negative = négatives
listen-stat-complaints = { $n ->
    [one] réclamation
   *[other] réclamations
}
listen-volume-caption = Mentions par heure, dernières 48 heures.
listen-volume-caption-spikes = Mentions par heure, dernières 48 heures ; heures de pic en ambre.
listen-volume-chart = { $n ->
    [one] Mentions par heure sur les dernières 48 heures : { $n } au total
   *[other] Mentions par heure sur les dernières 48 heures : { $n } au total
}
listen-volume-chart-spike = { $n ->
    [one] Mentions par heure sur les dernières 48 heures : { $n } au total, avec un pic
   *[other] Mentions par heure sur les dernières 48 heures : { $n } au total, avec un pic
}
listen-spikes = Pics
listen-spike-all = { $n ->
    [one] Toutes les mentions : { $n } mention dans l’heure commençant le { $hour } (d’habitude { $usual })
   *[other] Toutes les mentions : { $n } mentions dans l’heure commençant le { $hour } (d’habitude { $usual })
}
listen-spike-theme = { $n ->
    [one] Thème « { $theme } » : { $n } mention dans l’heure commençant le { $hour } (d’habitude { $usual })
   *[other] Thème « { $theme } » : { $n } mentions dans l’heure commençant le { $hour } (d’habitude { $usual })
}
listen-filter-form = Filtrer les mentions
listen-filter-channel = Canal
listen-filter-source = Source
listen-filter-sentiment = Tonalité
listen-filter-intent = Intention
listen-filter-theme = Thème
listen-filter-language = Langue
listen-filter-any-channel = Tous
listen-filter-any-source = Toutes
listen-filter-any-sentiment = Toutes
listen-filter-any-intent = Toutes
listen-filter-any-theme = Tous
listen-filter-language-hint = Un code comme en, de
listen-filter-apply = Filtrer
listen-filter-clear = Effacer les filtres
listen-filter-not-number = doit être un nombre
listen-empty = Aucune mention ne correspond. Ce sont les sources qui les apportent.
listen-empty-setup = Configurer une source
listen-empty-import = Pour importer un fichier, lancez :
listen-list = Mentions, les plus récentes d’abord
listen-more = Plus de mentions
listen-older = Mentions plus anciennes
listen-top-themes = Principaux thèmes
listen-no-themes = Pas encore de thème : ils se forment quand au moins deux réclamations ou questions semblables arrivent.
listen-spike = Pic
listen-spiked-at = Pic le { $when }
listen-mentions-word = { $n ->
    [one] mention
   *[other] mentions
}
listen-spark = { $n ->
    [one] { $n } mention sur les { $days } derniers jours
   *[other] { $n } mentions sur les { $days } derniers jours
}
listen-spark-spike = { $n ->
    [one] { $n } mention sur les { $days } derniers jours, avec un pic
   *[other] { $n } mentions sur les { $days } derniers jours, avec un pic
}

## Une mention, dans le flux et sur sa propre page.

listen-followers = { $n ->
    [one] { $reach } abonné
   *[other] { $reach } abonnés
}
listen-likes = { $n ->
    [one] { $n } j’aime
   *[other] { $n } j’aime
}
listen-boosts = { $n ->
    [one] { $n } partage
   *[other] { $n } partages
}
listen-replies = { $n ->
    [one] { $n } réponse
   *[other] { $n } réponses
}
listen-signals = Signaux
listen-chip-service = service client
listen-chip-abusive = abusif
listen-language = Langue
listen-decided-none = aucun modèle pour cette langue : seuls les signaux indépendants de la langue
listen-decided-accurate = niveau précis (encodeur { $model })
listen-decided-pending = niveau rapide ; le niveau précis la lira sous peu
listen-decided-fast = niveau rapide (modèle linéaire)
listen-mention-title = Mention de { $author }
listen-mention-heading = Mention de { $author } sur { $channel }
listen-mention-source = source : { $source }
listen-view-original = Voir sur le réseau
listen-signals-caption = Ce que l’analyse a trouvé
listen-row-sentiment = Tonalité
listen-row-intent = Intention
listen-row-service = Concerne le service
listen-row-toxicity = Toxicité
listen-row-phrases = Expressions clés
listen-row-decided = Décidé par
listen-row-why-negative = Mots derrière « négatif »
listen-row-why-abusive = Mots derrière « abusif »
listen-row-theme = Thème
listen-yes = oui
listen-no = non
listen-toxicity-abusive = abusif
listen-toxicity-not-abusive = non abusif
listen-none-stood-out = aucun ne ressort
listen-no-theme = aucun pour l’instant
listen-reply-back = Les réponses à cette mention peuvent repartir par { $channel }.
listen-open-case = Ouvrir un dossier
listen-conversation = Fil de discussion
listen-conversation-empty = Aucun autre message de cette conversation n’a été vu.

## Thèmes.

theme-list-title = Thèmes
theme-list-stream = Flux des mentions
theme-list-intro = Réclamations et questions semblables venues de tous les canaux, regroupées à leur arrivée.
theme-list-by-status = Filtrer les thèmes par statut
theme-list-all = Tous
theme-list-sort = Trier les thèmes
theme-sort-largest = Les plus grands
theme-sort-recent = Les plus récents
theme-list-empty = Aucun thème ici pour l’instant.
theme-list-count = { $n ->
    [one] { $n } thème
   *[other] { $n } thèmes
}
theme-col-theme = Thème
theme-col-status = Statut
theme-col-mentions = Mentions
theme-col-reach = Portée
theme-col-negative = Négatives
theme-col-spark = { $n ->
    [one] Dernier jour
   *[other] { $n } derniers jours
}
theme-col-last-seen = Vu pour la dernière fois
theme-col-day = Jour
theme-page-title = Thème : { $label }
theme-merged = Ce thème a été fusionné avec un autre.
theme-merged-link = Aller au thème { $id }
theme-totals = Totaux
theme-last-seen = vu pour la dernière fois
theme-note = Note :
theme-chart = { $n ->
    [one] Mentions par heure sur les 7 derniers jours : { $n } au total
   *[other] Mentions par heure sur les 7 derniers jours : { $n } au total
}
theme-chart-spikes = { $n ->
    [one] Mentions par heure sur les 7 derniers jours : { $n } au total ; heures de pic mises en évidence
   *[other] Mentions par heure sur les 7 derniers jours : { $n } au total ; heures de pic mises en évidence
}
theme-chart-caption = Mentions par heure sur les 7 derniers jours.
theme-chart-caption-spikes = Mentions par heure sur les 7 derniers jours ; heures de pic en ambre.
theme-daily-table = Mentions par jour (tableau)
theme-spike-line = { $n ->
    [one] { $when } : { $n } mention (d’habitude { $usual })
   *[other] { $when } : { $n } mentions (d’habitude { $usual })
}
theme-status-heading = Statut
theme-status-label = Statut
theme-note-label = Note pour les collègues
theme-status-save = Enregistrer le statut
theme-merge-heading = Fusionner
theme-merge-intro = Déplace toutes les mentions de ce thème vers un autre.
theme-merge-into = Fusionner avec
theme-merge-choose = Choisissez un thème
theme-merge-submit = Fusionner
theme-samples = Mentions récentes
theme-split-legend = Sélectionnez les mentions qui relèvent d’un autre problème, puis séparez-les dans un nouveau thème.
theme-mention-details = détails
theme-mention-details-of = Détails de la mention de { $author }
theme-split-submit = Séparer la sélection dans un nouveau thème
theme-status-set = { $status ->
    [new] Le thème est maintenant marqué comme nouveau.
    [acknowledged] Le thème est maintenant pris en compte.
    [fixing] Le thème est maintenant en correction.
   *[resolved] Le thème est maintenant résolu.
}
theme-merge-choose-first = Choisissez le thème avec lequel fusionner.
theme-merged-flash = { $n ->
    [one] Fusion faite : ce thème compte maintenant { $n } mention.
   *[other] Fusion faite : ce thème compte maintenant { $n } mentions.
}
theme-split-flash = { $n ->
    [one] { $n } mention séparée dans ce nouveau thème.
   *[other] { $n } mentions séparées dans ce nouveau thème.
}

## Sources (administration).

source-list-title = Sources
source-add-form = Ajouter une source
source-add-on = Ajouter une source sur
source-add = Ajouter la source
source-list-empty = Pas encore de source.
source-list-empty-other = Les mentions peuvent aussi arriver sans source :
source-list-caption = { $n ->
    [one] { $n } source et son état
   *[other] { $n } sources et leur état
}
source-col-source = Source
source-col-query = Requête
source-col-state = État
source-col-last-fetch = Dernière collecte
source-col-counts = Trouvées / nouvelles / filtrées
source-col-lag = Retard
source-col-actions = Actions
source-listening = À l’écoute
source-paused = En pause
source-error = Erreur : { $error }
source-error-repeated = { $n ->
    [one] Erreur ({ $n } fois de suite) : { $error }
   *[other] Erreur ({ $n } fois de suite) : { $error }
}
source-never = jamais
source-pause = Mettre en pause
source-resume = Reprendre
source-edit-title = Source « { $name } »
source-new-title = Nouvelle source { $channel }
source-secret-once = Le secret de signature de cette source n’est affiché que maintenant.
source-secret-give = Donnez-le au relais qui publie ici :
source-post-to = Publiez à cette adresse :
source-sign-with = Signez chaque requête avec cet en-tête :
source-signature-value = HMAC-SHA256 du corps en hexadécimal
source-relays-post = Les relais publient à cette adresse, en signant avec le secret de la source :
source-status = Statut
source-state = État
source-last-fetch = Dernière collecte
source-last-error = Dernière erreur
source-none = aucune
source-items-seen = Éléments vus
source-items-new = { $n ->
    [one] nouveau : { $n }
   *[other] nouveaux : { $n }
}
source-lag = Retard
source-name = Nom
source-query = Requête
source-query-hint = Mots-clés avec AND, OR, NOT, "expressions entre guillemets", #hashtags et @comptes. Par exemple :
source-server = Serveur
source-example = p. ex. { $example }
source-stream = Suivre les hashtags en direct (API de streaming)
source-mentions = Prendre toutes les mentions du compte du jeton
source-jetstream = Jetstream
source-appview = AppView (profils)
source-pds = PDS (pour les réponses)
source-handle = Identifiant qui répond
source-feed-url = Adresse du flux
source-access-token = Jeton d’accès
source-app-password = Mot de passe d’application
source-signing-secret = Secret de signature
source-secret-set = Un secret est enregistré ; laissez vide pour le conserver.
source-secret-optional = Facultatif pour la veille publique ; nécessaire pour rechercher, lire les mentions et répondre.
source-poll = Secondes entre deux collectes
source-poll-invalid = doit être un nombre entier de secondes
source-enabled = À l’écoute (décochez pour mettre en pause)
source-save = Enregistrer la source
source-create = Créer la source
source-delete = Supprimer cette source
source-delete-note = Ses mentions restent.
source-choose-channel = choisissez un canal
source-created = Source « { $name } » créée.
source-saved = Source « { $name } » enregistrée.
source-resumed = Source « { $name } » reprise.
source-paused-flash = Source « { $name } » mise en pause.
source-deleted = Source supprimée ; ses mentions restent.
