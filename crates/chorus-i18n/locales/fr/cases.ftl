# cases
