# Enregistrements que le hub conserve en anglais, écrits dans la langue du lecteur.

## Why a case was opened
rec-opened-rule = règle « { $rule } »
rec-reason-complaint = réclamation sur le service
rec-reason-question = question sur le service
rec-reason-negative-addressed = mention négative qui nous est adressée
rec-reason-addressed = mention sur le service qui nous est adressée
rec-reason-high-reach = mention négative d’un auteur à forte audience
rec-reason-unanswered = question de la communauté restée sans réponse
rec-reason-strongly-negative = réclamation très négative
rec-reason-manual = à la main
rec-reason-incident = incident
rec-reason-rule = règle

## Priority explanations
rec-pe-incident = un incident : un thème en cours de correction
rec-pe-set = fixée à { $level } par { $who } (avant { $was } : { $before })
rec-pe-follow-up = relevée à { $level } par une relance ({ $why }) · avant { $was } : { $before }
rec-pe-factor = { $name } ×{ $weight } ({ $detail })
rec-pe-reach = audience
rec-pe-negativity = négativité
rec-pe-urgency = urgence
rec-pe-history = historique
rec-pe-score = note { $score } sur 100 → { $level }
rec-pe-rule = la règle « { $rule } » fixe { $level }
rec-pe-moderation = relevée à { $level } par la modération ({ $why })
rec-pe-followers = { $n ->
        [one] { $n } abonné
       *[other] { $n } abonnés
    }
rec-pe-negative = négatif, intensité { $strength }
rec-pe-first-case = premier dossier
rec-pe-earlier-cases = { $n ->
        [one] { $n } dossier antérieur
       *[other] { $n } dossiers antérieurs
    }
rec-pe-urgent-words = { $intent } ; écrit { $words }

## Timeline entries
rec-ev-claimed = pris en charge
rec-ev-unassigned = désassigné
rec-ev-assigned = assigné à { $who }
rec-ev-round-robin = assigné à tour de rôle à l’utilisateur { $user }
rec-ev-state = { $from } → { $to }
rec-ev-merged-into = fusionné dans le dossier #{ $case }
rec-ev-merged-from = le dossier #{ $case } a été fusionné dans celui-ci
rec-ev-priority = priorité fixée à { $level }
rec-ev-team = déplacé vers l’équipe { $team }
rec-ev-team-removed = retiré de son équipe
rec-ev-sla-soon = un objectif de SLA arrive bientôt à échéance
rec-ev-sla-first-response = SLA de première réponse dépassé
rec-ev-sla-next-response = SLA de réponse suivante dépassé
rec-ev-sla-resolution = SLA de résolution dépassé
rec-ev-closed-no-action = clos : aucune action nécessaire
rec-ev-escalated = escaladé vers { $to }
rec-ev-escalated-note = escaladé vers { $to } : { $note }

## Moderation signals
rec-mod-filter-hold = filtre (retenir) : { $words }
rec-mod-filter-flag = filtre (signaler) : { $words }
rec-mod-filter-block = filtre (bloquer) : { $words }
rec-mod-abusive = injurieux (toxicité { $toxicity }, offensant { $offensive }, haine { $hate })
rec-mod-spam-links = spam : { $links } liens pour { $words } mots
rec-mod-spam-duplicates = spam : { $n ->
        [one] { $n } quasi-doublon
       *[other] { $n } quasi-doublons
    } de ce message
rec-mod-spam-burst = spam : nouveau membre, { $n } messages en 10 minutes
rec-mod-flagged = signalé : { $reason }
rec-mod-flags = { $n ->
        [one] { $n } signalement
       *[other] { $n } signalements
    }
rec-mod-silenced = { $n ->
        [one] { $n } jour
       *[other] { $n } jours
    }, jusqu’au { $until }

## Audit log
rec-audit-user-created = compte créé
rec-audit-user-signed-up = inscription
rec-audit-user-identity-linked = connexion associée
rec-audit-user-password-reset = mot de passe réinitialisé
rec-audit-user-role-changed = rôle modifié
rec-audit-user-suspended = suspendu
rec-audit-user-reinstated = réintégré
rec-audit-topic-deleted = sujet supprimé
rec-audit-article-draft = article renvoyé en brouillon
rec-audit-article-published = article publié
rec-audit-article-archived = article archivé
rec-audit-target-user = utilisateur
rec-audit-target-topic = sujet
rec-audit-target-article = article

## What a moderator's action tells its author
rec-notice-action = { $action } : { $reason }
rec-notice-action-detail = { $action } ({ $detail }) : { $reason }
rec-notice-unsilenced = Vous pouvez de nouveau publier : { $reason }
rec-reason-reviewed = Vérifié : peut être publié.

## Text the hub writes into articles, topics and cases (in the hub's language)
gen-question = Question
gen-answer = Réponse
gen-from-topic = Tiré du sujet de la communauté [{ $title }](/t/{ $id }), résolu par { $author }.
gen-from-case = Tiré du dossier #{ $id }.
gen-town-hall-intro = Questions et réponses de la séance publique « { $title } » du { $date }.
gen-answered-by = Réponse de { $name }.
gen-the-team = l’équipe
gen-town-hall-title = { $title } : questions et réponses
gen-praise-title = « { $excerpt } » — { $author } sur { $channel }
gen-praise-by = { $author } sur { $channel }
gen-original = original
gen-praise-permission = Partagé avec l’accord de son auteur.
gen-incident-subject = Incident : { $theme }
gen-incident-body = Le thème « { $theme } » est en cours de correction ; ses mentions sont regroupées ici au lieu d’ouvrir un dossier pour chacune.
gen-incident-suggested = Réponse suggérée : { $reply }
gen-incident-reply = Nous connaissons le problème avec { $theme } et travaillons à une correction. Nous publierons ici quand il sera résolu.
gen-incident-reply-note = Nous connaissons le problème avec { $theme } et travaillons à une correction : { $note }
