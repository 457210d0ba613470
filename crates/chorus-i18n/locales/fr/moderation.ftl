# moderation
