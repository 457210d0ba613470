# Dossiers : la boîte de réception, la page d’un dossier et la configuration du tri (équipes, règles de routage, réponses types, alertes).

## Boîte de réception

cases-inbox = Boîte de réception
cases-active-counts = Dossiers actifs
cases-count-mine = { $n ->
    [one] à moi
   *[other] à moi
}
cases-count-unassigned = { $n ->
    [one] non attribué
   *[other] non attribués
}
cases-count-all = { $n ->
    [one] actif au total
   *[other] actifs au total
}
cases-views = Vues des dossiers
cases-view-mine = Mes dossiers
cases-view-unassigned = Non attribués
cases-view-breaching = Échéance proche
cases-view-all = Tous les actifs
cases-team-queue = File de l’équipe
cases-all-teams = Toutes les équipes
cases-state = État
cases-show-queue = Afficher la file
cases-empty-view = Aucun dossier dans cette vue.
cases-older = Dossiers plus anciens
cases-bulk = Modifier les dossiers cochés
cases-bulk-action = Avec les dossiers cochés
cases-bulk-choose = Choisir une action
cases-bulk-assign = Attribuer à
cases-bulk-team = Déplacer vers l’équipe
cases-bulk-close = Clore : aucune action nécessaire
cases-bulk-merge = Fusionner dans le dossier
cases-bulk-staff = Membre de l’équipe
cases-bulk-nobody = Personne (retirer l’attribution)
cases-bulk-team-label = Équipe
cases-bulk-no-team = Aucune équipe
cases-bulk-into = Numéro du dossier dans lequel fusionner
cases-bulk-apply = Appliquer aux dossiers cochés
cases-bulk-done = { $n ->
    [one] { $n } dossier modifié.
   *[other] { $n } dossiers modifiés.
}
cases-bulk-failed = Dossier n° { $id } : { $why }.
cases-bulk-none-ticked = Cochez au moins un dossier, puis choisissez quoi faire des dossiers cochés.
cases-bulk-no-action = Choisissez quoi faire des dossiers cochés.
cases-tick = Cocher le dossier n° { $id }

## Un dossier dans les listes et sur sa page

cases-case-title = Dossier n° { $id } : { $subject }
cases-opened = ouvert
cases-team = équipe { $team }
cases-unassigned = non attribué
cases-held-by = suivi par { $name }
cases-score-title = Score de priorité : { $score } sur 100
cases-why-priority = Pourquoi la priorité { $priority } (score { $score })
cases-escalated-to = Transmis à { $to }
cases-sla-clocks = Délais du SLA
cases-clock-first-response = Première réponse
cases-clock-next-response = Réponse suivante
cases-clock-resolution = Résolution
cases-clock-label = { $clock } :
cases-clock-status = { $status ->
    [met] respecté, échéance
    [breached] dépassé, échéance
    [overdue] en retard, échéance
    [soon] bientôt dû, échéance
   *[running] en cours, échéance
}

cases-state-active = Actifs
cases-state-new = Nouveau
cases-state-open = Ouvert
cases-state-pending = En attente
cases-state-resolved = Résolu
cases-state-closed = Clos

cases-priority-urgent = Urgente
cases-priority-high = Haute
cases-priority-normal = Normale
cases-priority-low = Basse

cases-channel-community = Communauté
cases-channel-mastodon = Mastodon
cases-channel-bluesky = Bluesky
cases-channel-feed = Flux
cases-channel-webhook = Webhook
cases-channel-email = Courriel
cases-channel-import = Importation
cases-channel-incident = Incident collectif

cases-sentiment-negative = négatif
cases-sentiment-neutral = neutre
cases-sentiment-positive = positif
cases-intent-complaint = réclamation
cases-intent-question = question
cases-intent-praise = éloge
cases-intent-idea = idée
cases-intent-other = autre

## La page d’un dossier

cases-customer-named = client { $name }
cases-customer-unnamed = client
cases-original-message = Message d’origine
cases-sla = Délais de service (SLA)
cases-sla-none = Aucun objectif de SLA ne s’applique.
cases-csat = Satisfaction client :
cases-csat-score = { $score } sur 5
cases-csat-score-comment = { $score } sur 5 : « { $comment } »
cases-csat-sent = Enquête envoyée ({ $via }), pas encore de réponse
cases-csat-sending = Enquête en cours d’envoi
cases-conversation = Conversation
cases-started-here = Ce dossier a commencé ici :
cases-followers = { $n ->
    [one] abonné
   *[other] abonnés
}
cases-signals = Signaux
cases-service-related = service client

cases-timeline = Historique
cases-timeline-empty = Rien ne s’est encore passé dans ce dossier.
cases-event-customer = message du client
cases-event-reply = réponse
cases-event-note = note
cases-event-assign = attribution
cases-event-state = changement d’état
cases-event-priority = changement de priorité
cases-event-team = changement d’équipe
cases-event-escalate = transmission
cases-event-sla = alerte SLA
cases-delivery = { $state ->
    [queued] envoi en file d’attente
    [retrying] envoi en cours de nouvelle tentative
    [sent] envoi effectué
    [failed] envoi échoué
   *[other] envoi : { $state }
}
cases-delivery-attempts = { $n ->
    [one] après { $n } tentative
   *[other] après { $n } tentatives
}
cases-delivery-link = Voir la réponse publiée
cases-fanout-to = { $n ->
    [one] à { $n } client :
   *[other] à { $n } clients :
}
cases-fanout-sent = { $n ->
    [one] { $n } envoyée
   *[other] { $n } envoyées
}
cases-fanout-waiting = { $n ->
    [one] { $n } en route
   *[other] { $n } en route
}
cases-fanout-failed = { $n ->
    [one] { $n } en échec
   *[other] { $n } en échec
}

cases-reply-everyone = Répondre à toutes les personnes concernées
cases-incident-reach = { $n ->
    [one] La réponse part vers l’unique client de cet incident à qui l’on peut répondre, par le canal sur lequel il a écrit, en réponse à son dernier message.
   *[other] La réponse part vers chacun des { $n } clients de cet incident à qui l’on peut répondre, par le canal sur lequel ils ont écrit, en réponse à leur dernier message.
}
cases-incident-unreachable = { $n ->
    [one] { $n } client a écrit là où Chorus ne peut pas répondre : répondez-lui là où il a publié.
   *[other] { $n } clients ont écrit là où Chorus ne peut pas répondre : répondez-leur là où ils ont publié.
}
cases-reply-through = Répondre via { $channel }
cases-canned = Réponse type
cases-canned-choose = Choisir une réponse type
cases-canned-insert = Insérer dans la réponse
cases-reply-label = Votre réponse
cases-reply-send = Envoyer la réponse

cases-no-reply-heading = Réponses
cases-no-reply-feed = Ce dossier vient d’un flux d’actualités (RSS, Atom ou JSON Feed) : Chorus lit les flux mais ne peut pas y répondre.
cases-no-reply-webhook = Ce dossier est arrivé par un relais webhook : Chorus reçoit ces messages mais ne peut pas répondre sur ce canal.
cases-no-reply-import = Ce dossier vient de messages importés : Chorus ne peut pas répondre sur le canal d’où ils ont été importés.
cases-no-reply-channel = Chorus ne peut pas répondre aux messages du canal { $channel }.
cases-no-reply-account = Ce message est arrivé sans compte { $channel } connecté (par un import ou l’API) : Chorus ne peut donc pas y répondre là-bas.
cases-no-reply-instead = Répondez au client là où il a publié, puis ajoutez ici une note interne pour que vos collègues le sachent.
cases-no-reply-incident = { $n ->
    [one] Chorus ne peut pas répondre au client de cet incident : il a écrit sur un canal où Chorus ne peut pas publier, ou son message est arrivé sans compte connecté (par un import ou l’API).
   *[other] Chorus ne peut répondre à aucun des { $n } clients de cet incident : ils ont écrit sur un canal où Chorus ne peut pas publier, ou leurs messages sont arrivés sans compte connecté (par un import ou l’API).
}
cases-no-reply-incident-instead = Répondez-leur là où ils ont publié, puis ajoutez ici une note interne.
cases-no-reply-incident-one-by-one = Un dossier d’incident répond à ses clients un par un.
cases-answer-at-source = Répondre à la source

cases-note = Note interne
cases-note-label = Note pour vos collègues (@nom les prévient)
cases-note-add = Ajouter la note

cases-aside = Actions du dossier et client
cases-work = Traitement
cases-claim = Prendre ce dossier
cases-assignee = Responsable
cases-assignee-nobody = Personne
cases-assign = Changer de responsable
cases-move-to = Passer à
cases-move-to-choose = Choisir un état
cases-change-state = Changer l’état
cases-priority = Priorité
cases-set-priority = Définir la priorité
cases-escalate-note = Note de transmission
cases-escalate = Transmettre au support
cases-promote = Transformer en article de la base de connaissances

cases-customer-heading = Client { $name }
cases-identity = { $channel } : { $handle }
cases-link-hint = La même personne ailleurs ? Associez son identifiant pour tout voir ensemble.
cases-link-channel = Canal
cases-link-channel-choose = Choisir un canal
cases-link-handle = Identifiant
cases-link-submit = Associer l’identifiant
cases-other-cases = Autres dossiers
cases-none = Aucun.
cases-recent-messages = Messages récents
cases-none-seen = Aucun vu.
cases-record-constructive = Constructif :
cases-record-none-abusive = { $n ->
    [one] le dernier message n’était pas injurieux.
   *[other] aucun des { $n } derniers messages n’était injurieux.
}
cases-record-abusive = { $n ->
    [one] Le dernier message était injurieux.
   *[other] { $abusive } des { $n } derniers messages étaient injurieux.
}
cases-abusive = injurieux
cases-abusive-open = (masqué : ouvrez-le pour le lire)

## Ce qui a été fait (messages après un formulaire)

cases-flash-claimed = Vous suivez désormais ce dossier.
cases-flash-unassigned = Le dossier n’est plus attribué.
cases-flash-assigned = Attribué à { $name }.
cases-flash-state = { $state ->
    [new] Le dossier est désormais nouveau.
    [open] Le dossier est désormais ouvert.
    [pending] Le dossier est désormais en attente.
    [resolved] Le dossier est désormais résolu.
    [closed] Le dossier est désormais clos.
   *[other] Le dossier est désormais à l’état { $state }.
}
cases-flash-priority = { $priority ->
    [urgent] Priorité définie sur urgente.
    [high] Priorité définie sur haute.
    [normal] Priorité définie sur normale.
    [low] Priorité définie sur basse.
   *[other] Priorité définie sur { $priority }.
}
cases-flash-reply-queued = { $n ->
    [one] Réponse mise en file ; l’état de son envoi apparaît dans l’historique.
   *[other] Réponse mise en file pour { $n } clients ; leurs envois apparaissent dans l’historique.
}
cases-flash-note-added = Note ajoutée.
cases-flash-note-notified = { $n ->
    [one] Note ajoutée ; personne prévenue : { $names }.
   *[other] Note ajoutée ; personnes prévenues : { $names }.
}
cases-flash-escalated = Transmis à { $to }.
cases-flash-no-customer = Ce dossier n’a aucun client à associer.
cases-flash-linked = { $n ->
    [one] Associé : ce client est connu sur { $n } canal.
   *[other] Associé : ce client est connu sur { $n } canaux.
}
cases-flash-opened = Cette mention est désormais un dossier.

## Configuration du tri

triage-title = Équipes, règles et alertes
triage-managers-only = Seuls les responsables de communauté modifient ces réglages.
triage-teams = Équipes
triage-round-robin = à tour de rôle
triage-manual = attribution manuelle
triage-no-members = Pas encore de membres.
triage-members-of = Membres de { $team }
triage-member = Membre
triage-active-cases = Dossiers actifs
triage-capacity = Capacité
triage-available = Disponible
triage-yes = oui
triage-no = non
triage-staff-member = Membre de l’équipe
triage-staff-member-choose = Choisir un membre de l’équipe
triage-save-member = Enregistrer le membre
triage-new-team = Nouvelle équipe
triage-assign-round-robin = Attribuer à tour de rôle
triage-create-team = Créer l’équipe
triage-no-team = aucune équipe

triage-rules = Règles de routage
triage-rules-help = La première règle qui correspond oriente le dossier. Une mention qui correspond à une règle ouvre un dossier même si les critères par défaut (réclamations et questions sur le service, messages négatifs d’auteurs à forte audience) ne le feraient pas. Les listes sont séparées par des virgules ; une liste vide correspond à tout.
triage-no-rules = Pas encore de règles.
triage-delete = Supprimer
triage-delete-rule = la règle { $name }
triage-delete-canned = la réponse type { $name }
triage-delete-alert = la règle d’alerte { $name }
triage-new-rule = Nouvelle règle de routage
triage-name = Nom
triage-team = Équipe
triage-keywords = Mots-clés
triage-channels = Canaux
triage-channels-example = p. ex. mastodon, bluesky
triage-intents = Intentions
triage-intents-example = p. ex. complaint, question
triage-sentiments = Tonalités
triage-sentiments-example = p. ex. negative
triage-languages = Langues
triage-languages-example = p. ex. fr, en
triage-themes = Identifiants des thèmes
triage-min-followers = Nombre minimal d’abonnés
triage-priority = Priorité
triage-priority-from-score = Selon le score
triage-tags = Étiquettes
triage-add-rule = Ajouter la règle de routage
triage-match-keywords = mots-clés : { $list }
triage-match-channels = canaux : { $list }
triage-match-intents = intentions : { $list }
triage-match-sentiments = tonalités : { $list }
triage-match-languages = langues : { $list }
triage-match-themes = thèmes : { $list }
triage-match-followers = { $n ->
    [one] au moins { $reach } abonné
   *[other] au moins { $reach } abonnés
}
triage-match-spikes = lors des pics
triage-match-sla = lors des dépassements de SLA
triage-match-everything = tout

triage-canned = Réponses types
triage-none-yet = Pas encore de réponse.
triage-new-canned = Nouvelle réponse type
triage-canned-title = Titre
triage-canned-body = Texte (mettez ici des liens vers des articles de la base de connaissances)
triage-add-canned = Ajouter la réponse type

triage-alerts = Règles d’alerte
triage-alerts-managers = Les règles d’alerte sont visibles par les responsables de communauté.
triage-new-alert = Nouvelle règle d’alerte
triage-on-spikes = Lors des pics d’un thème
triage-on-sla = Lors des dépassements de SLA
triage-email-to = Courriel à
triage-webhook = URL du webhook (compatible Slack)
triage-add-alert = Ajouter la règle d’alerte
triage-action-email = courriel à { $to }
triage-action-webhook = webhook { $url }
triage-alert-log = Journal des alertes
triage-no-alerts = Pas encore d’alertes.
triage-latest-alerts = Dernières alertes
triage-when = Quand
triage-rule = Règle
triage-status = État
triage-alert = Alerte
triage-alert-status-sent = envoyée
triage-alert-status-suppressed = supprimée

triage-flash-team-created = Équipe { $name } créée.
triage-flash-choose-member = Choisissez un membre de l’équipe.
triage-flash-capacity-number = La capacité doit être un nombre entier de dossiers.
triage-flash-member-saved = Membre de l’équipe enregistré.
triage-flash-rule-added = Règle de routage « { $name } » ajoutée.
triage-flash-rule-deleted = Règle de routage supprimée.
triage-flash-canned-added = Réponse type « { $name } » ajoutée.
triage-flash-canned-deleted = Réponse type supprimée.
triage-flash-alert-added = Règle d’alerte « { $name } » ajoutée.
triage-flash-alert-deleted = Règle d’alerte supprimée.
cases-bulk-choose-assignee = Choisissez qui reçoit les dossiers cochés (ou « Personne » pour les désassigner).
cases-bulk-choose-team = Choisissez l’équipe des dossiers cochés (ou « Aucune équipe »).
