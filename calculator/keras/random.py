"""``keras.random``: seeding is accepted (ConvDims has no randomness)."""


class SeedGenerator:
    def __init__(self, seed=None, **kwargs):
        self.seed = seed
