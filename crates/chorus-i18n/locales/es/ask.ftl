# ask
