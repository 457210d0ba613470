# Modération : la file, les filtres de mots, le journal public, les signalements, les niveaux de confiance et les mises en silence.

mod-queue-title = File de modération
mod-heading = Modération
mod-filters-title = Filtres de mots
mod-log-title = Journal de modération
mod-queue-views = Vues de la file
mod-queue-waiting = En attente
mod-queue-settled = Traités
mod-queue-intro = Publications retenues et signalées, les plus anciennes d’abord. Les plaintes en colère sont publiées (et traitées en priorité), jamais retenues : ce qui attend ici, ce sont les injures, le spam, les mots retenus et ce que les membres ont signalé. Le texte injurieux reste masqué jusqu’à ce que vous choisissiez de le lire.
mod-queue-empty-open = Rien en attente. Bravo.
mod-queue-empty-settled = Rien de traité pour l’instant.

# Pourquoi une publication est dans la file.
mod-reason-abuse = Propos injurieux
mod-reason-filter = Correspond à un filtre de mots
mod-reason-spam = Ressemble à du spam
mod-reason-flags = Signalé par des membres

# Qui voit la publication maintenant : retenue (en attente de vérification) et masquée (retirée) sont distinctes.
mod-visibility-visible = Publié
mod-visibility-held = Retenu pour vérification
mod-visibility-hidden = Masqué

mod-item-topic-in = sujet dans
mod-item-reply-in = réponse dans
mod-by = par
mod-queued = ajouté à la file
mod-deleted = supprimé
mod-toxicity = toxicité { $score }
mod-signals = Signaux :
mod-flags-count = { $n ->
    [one] Signalement ({ $n }) :
   *[other] Signalements ({ $n }) :
}
mod-flag-reason-spam = Spam
mod-flag-reason-abuse = Injure
mod-flag-reason-off-topic = Hors sujet
mod-flag-reason-other = Autre chose
mod-flag-line = { $reason } — { $by }
mod-flag-line-note = { $reason } — { $by } : « { $note } »

mod-author-record = Historique de l’auteur :
mod-record-none = Aucune publication pour l’instant.
mod-record-clean = { $n ->
    [one] Constructif : { $n } publication, aucune injurieuse.
   *[other] Constructif : { $n } publications, aucune injurieuse.
}
mod-record-few = { $n ->
    [one] Trop peu de publications pour parler de tendance : publications injurieuses, { $abusive } sur { $n }. Lisez la publication elle-même.
   *[other] Trop peu de publications pour parler de tendance : publications injurieuses, { $abusive } sur { $n }. Lisez la publication elle-même.
}
mod-record-mostly = { $n ->
    [one] Plutôt constructif : { $share } % de publications injurieuses ({ $abusive } sur { $n }) — sans doute un client mécontent.
   *[other] Plutôt constructif : { $share } % de publications injurieuses ({ $abusive } sur { $n }) — sans doute un client mécontent.
}
mod-record-often = { $n ->
    [one] Souvent injurieux : { $abusive } sur { $n } publication ({ $share } %), { $actions } — à traiter comme une habitude, pas comme un cas isolé.
   *[other] Souvent injurieux : { $abusive } sur { $n } publications ({ $share } %), { $actions } — à traiter comme une habitude, pas comme un cas isolé.
}
mod-record-upheld = { $n ->
    [one] { $n } action de modération confirmée
   *[other] { $n } actions de modération confirmées
}
mod-history-caption = Publications de { $name } par mois, constructives et injurieuses
mod-col-month = Mois
mod-col-constructive = Constructives
mod-col-abusive = Injurieuses
mod-settled-as = Traité : { $action }

# Le formulaire d’action.
mod-action-legend-topic = Action sur ce sujet
mod-action-legend-reply = Action sur cette réponse
mod-action-approve = Approuver
mod-action-edit = Modifier et publier
mod-action-hide = Masquer
mod-action-delete = Supprimer
mod-action-warn = Avertir l’auteur
mod-action-silence = Réduire l’auteur au silence
mod-action-suspend = Suspendre l’auteur
mod-field-reason = Motif (visible par l’auteur et dans le journal public)
mod-field-days = Jours de silence (pour « Réduire l’auteur au silence »)
mod-edit-text = Modifier le texte (pour « Modifier et publier »)
mod-field-new-text = Nouveau texte
mod-apply = Appliquer l’action
mod-apply-which = à l’élément { $id }

# Filtres de mots.
mod-back-to-queue = Retour à la file
mod-filters-intro = Les filtres repèrent des mots entiers après normalisation de la casse, des accents, des chiffres et symboles qui imitent des lettres (« sh1t »), des lettres étirées (« stuuupid ») et des lettres espacées (« f u c k ») — jamais un morceau d’un mot plus long : « Scunthorpe », « classic » et « smartwatch » passent donc.
mod-filters-wildcard-start = Terminez un mot par
mod-filters-wildcard-middle = pour inclure ses terminaisons
mod-filters-wildcard-example = repère « idiots »
mod-filters-empty = Aucun filtre pour l’instant.
mod-col-words = Mots
mod-col-action = Effet
mod-col-replacement = Remplacement
mod-col-remove = Retirer
mod-filter-remove = Retirer
mod-filter-remove-which = le filtre { $pattern }
mod-filter-add-heading = Ajouter un filtre
mod-field-pattern = Mot ou expression
mod-field-pattern-hint = Jusqu’à huit mots ; * au début ou à la fin d’un mot.
mod-field-filter-action = Effet d’une correspondance
mod-field-replacement = Remplacement (pour Remplacer)
mod-filter-action-block = Bloquer
mod-filter-action-hold = Retenir pour vérification
mod-filter-action-replace = Remplacer
mod-filter-action-flag = Signaler pour vérification
mod-filter-add = Ajouter le filtre
mod-filter-try-heading = Tester un texte
mod-field-sample = Texte à vérifier
mod-filter-check = Vérifier
mod-filter-no-match = Aucun filtre ne correspond.
mod-filter-hit = « { $text } » correspond à
mod-filter-after = Après remplacement : { $text }

# Le journal public.
mod-log-intro = Chaque action de modération dans cette communauté, la plus récente d’abord, avec son motif.
mod-log-intro-staff = Vous voyez qui a agi parce que vous faites partie de l’équipe ; les membres ne le voient pas.
mod-log-intro-public = Les modérateurs agissent au nom de la communauté : leurs noms ne sont donc pas affichés.
mod-log-empty = Aucune action de modération pour l’instant.
mod-log-caption = Actions de modération
mod-col-log-action = Action
mod-col-when = Quand
mod-col-reason = Motif
mod-col-member = Membre
mod-col-post = Publication
mod-col-by = Par
mod-col-evidence = Éléments
mod-log-automatic = (automatique)
mod-log-by-chorus = Chorus
mod-log-older = Actions plus anciennes
mod-log-reply = réponse nº { $id }
mod-log-action-held = retenu
mod-log-action-hidden = masqué après signalements
mod-log-action-approve = approuvé
mod-log-action-edit = modifié et publié
mod-log-action-hide = masqué
mod-log-action-delete = supprimé
mod-log-action-warn = averti
mod-log-action-silence = réduit au silence
mod-log-action-suspend = suspendu
mod-log-action-filter-added = filtre ajouté
mod-log-action-trust-level = niveau de confiance
mod-log-action-unsilence = silence levé

# Niveaux de confiance.
mod-trust-new = Nouveau membre
mod-trust-basic = Débutant
mod-trust-member = Habitué
mod-trust-trusted = De confiance

# Messages après une action.
mod-flash-flag-again = Vous l’aviez déjà signalé ; les modérateurs l’ont reçu.
mod-flash-flag-hidden = Merci. Le contenu reste masqué jusqu’à ce qu’un modérateur l’ait lu.
mod-flash-flag-thanks = Merci. Un modérateur va l’examiner.
mod-flash-choose-action = Choisissez une action pour cet élément, puis appliquez-la.
mod-flash-days-number = Indiquez un nombre de jours.
mod-flash-done = { $action } : fait, consigné, et l’auteur a été prévenu.
mod-flash-done-plain = Fait, consigné, et l’auteur a été prévenu.
mod-flash-filter-added = Filtre ajouté : { $pattern } ({ $action }).
mod-flash-filter-removed = Filtre retiré.
mod-flash-trust-set = Niveau de confiance réglé sur « { $level } ».
mod-flash-unsilenced = Le membre peut de nouveau publier.
mod-title-masked = le sujet (son titre est masqué avec le texte)
mod-signals-masked = Les mots détectés sont masqués eux aussi.
