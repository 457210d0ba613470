# engagement
