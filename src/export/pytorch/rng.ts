/**
 * NN Lab's random generator (src/engine/rng.ts) in Python, as the script
 * carries it: the batch order of every epoch is a Fisher–Yates shuffle drawn
 * from it, so the script visits the samples in our order. Only what the
 * order needs is ported: 32-bit words, uniform(), int() and shuffle().
 */
export const PYTHON_RNG = `class Rng:
    """NN Lab's xoshiro128** generator, seeded by splitmix32: the same seed
    gives the same stream as the notebook, so the batches come in its order."""

    MASK = 0xFFFFFFFF

    def __init__(self, seed):
        x = seed & self.MASK
        words = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & self.MASK
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & self.MASK
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & self.MASK
            words.append(z ^ (z >> 16))
        self.s0, self.s1, self.s2, self.s3 = words

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & Rng.MASK

    def next_uint32(self):
        result = (self._rotl((self.s1 * 5) & self.MASK, 7) * 9) & self.MASK
        t = (self.s1 << 9) & self.MASK
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = self._rotl(self.s3, 11)
        return result

    def uniform(self):
        return self.next_uint32() / 4294967296

    def int(self, n):
        return math.floor(self.uniform() * n)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items`;
