# community
