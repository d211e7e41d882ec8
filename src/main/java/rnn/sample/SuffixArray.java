package rnn.sample;

/**
 * The suffix array of a text over an alphabet of {@code k} symbols, built in linear time by induced sorting
 * (SA-IS: Nong, Zhang and Chan 2009), following the layout of Yuta Mori's sais: the sorted LMS substrings,
 * their lengths and names share the output array, and the reduced problem is solved recursively in its
 * upper part. Memory: the output (n ints) and two bucket arrays of k ints per level (at most n/2 below
 * the top). {@code SuffixArrayTest} holds it to a plain sort of the suffixes.
 */
final class SuffixArray {
    /** Read access to a text: symbol i, in [0, k). */
    interface Text {
        int get(int i);
    }

    private SuffixArray() {
    }

    /** sa[0..n) = the start positions of the suffixes of text[0..n), in lexicographic order. */
    static int[] build(Text text, int n, int k) {
        int[] sa = new int[n];
        if (n > 0) {
            sais(text, sa, n, k);
        }
        return sa;
    }

    /** A slice of an int array as a text: the reduced problem lives in the upper part of sa. */
    private record Slice(int[] array, int offset) implements Text {
        @Override
        public int get(int i) {
            return array[offset + i];
        }
    }

    private static void counts(Text t, int[] c, int n, int k) {
        java.util.Arrays.fill(c, 0, k, 0);
        for (int i = 0; i < n; i++) {
            c[t.get(i)]++;
        }
    }

    /** Bucket starts (end false) or ends (end true) from the counts. */
    private static void buckets(int[] c, int[] b, int k, boolean end) {
        int sum = 0;
        for (int i = 0; i < k; i++) {
            sum += c[i];
            b[i] = end ? sum : sum - c[i];
        }
    }

    /** Induces the order of the L-type, then the S-type suffixes from the LMS suffixes placed in sa. */
    private static void induce(Text t, int[] sa, int[] c, int[] b, int n, int k) {
        counts(t, c, n, k);
        buckets(c, b, k, false);
        int j = n - 1;
        int c1 = t.get(j);
        int at = b[c1];
        sa[at++] = (j > 0 && t.get(j - 1) < c1) ? ~j : j;
        for (int i = 0; i < n; i++) {
            j = sa[i];
            sa[i] = ~j;
            if (j > 0) {
                j--;
                int c0 = t.get(j);
                if (c0 != c1) {
                    b[c1] = at;
                    c1 = c0;
                    at = b[c1];
                }
                sa[at++] = (j > 0 && t.get(j - 1) < c1) ? ~j : j;
            }
        }
        counts(t, c, n, k);
        buckets(c, b, k, true);
        c1 = 0;
        at = b[c1];
        for (int i = n - 1; i >= 0; i--) {
            j = sa[i];
            if (j > 0) {
                j--;
                int c0 = t.get(j);
                if (c0 != c1) {
                    b[c1] = at;
                    c1 = c0;
                    at = b[c1];
                }
                sa[--at] = (j == 0 || t.get(j - 1) > c1) ? ~j : j;
            } else {
                sa[i] = ~j;
            }
        }
    }

    private static void sais(Text t, int[] sa, int n, int k) {
        if (n == 1) {
            sa[0] = 0;
            return;
        }
        int[] c = new int[k];
        int[] b = new int[k];
        // Stage 1: sort the LMS substrings (an S-type position whose left neighbour is L-type).
        counts(t, c, n, k);
        buckets(c, b, k, true);
        java.util.Arrays.fill(sa, 0, n, 0);
        int c0;
        int c1 = t.get(n - 1);
        boolean s = false; // the type of position i + 1: the last position is L-type (a virtual sentinel follows)
        for (int i = n - 2; i >= 0; i--, c1 = c0) {
            c0 = t.get(i);
            if (c0 < c1 || (c0 == c1 && s)) {
                s = true;
            } else if (s) {
                sa[--b[c1]] = i + 1;
                s = false;
            }
        }
        induce(t, sa, c, b, n, k);

        // Compact the sorted LMS substrings into the first m slots.
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = sa[i];
            if (p > 0 && t.get(p - 1) > (c0 = t.get(p))) {
                int j = p + 1;
                while (j < n && c0 == (c1 = t.get(j))) {
                    j++;
                }
                if (j < n && c0 < c1) {
                    sa[m++] = p;
                }
            }
        }
        java.util.Arrays.fill(sa, m, m + (n >> 1), 0);
        // The length of each LMS substring, at m + p/2 (two LMS positions are never adjacent).
        int j = n;
        c1 = t.get(n - 1);
        s = false;
        for (int i = n - 2; i >= 0; i--, c1 = c0) {
            c0 = t.get(i);
            if (c0 < c1 || (c0 == c1 && s)) {
                s = true;
            } else if (s) {
                sa[m + ((i + 1) >> 1)] = j - i - 1;
                j = i + 1;
                s = false;
            }
        }
        // Name them: equal substrings get equal names, in sorted order.
        int name = 0;
        for (int i = 0, q = n, qlen = 0; i < m; i++) {
            int p = sa[i];
            int plen = sa[m + (p >> 1)];
            boolean differs = true;
            if (plen == qlen) {
                int x = 0;
                while (x < plen && t.get(p + x) == t.get(q + x)) {
                    x++;
                }
                differs = x != plen;
            }
            if (differs) {
                name++;
                q = p;
                qlen = plen;
            }
            sa[m + (p >> 1)] = name;
        }

        // Stage 2: if names repeat, sort the reduced string (the names in text order) recursively.
        if (name < m) {
            int reduced = n - m; // the reduced string goes to sa[n - m .. n)
            for (int i = m + (n >> 1) - 1, r = n - 1; i >= m; i--) {
                if (sa[i] != 0) {
                    sa[r--] = sa[i] - 1;
                }
            }
            Slice ra = new Slice(sa, reduced);
            int[] sub = new int[m];
            sais(ra, sub, m, name);
            System.arraycopy(sub, 0, sa, 0, m);
            // Map the reduced order back to LMS positions, listed in text order in sa[n - m .. n).
            c1 = t.get(n - 1);
            s = false;
            int r = n - 1;
            for (int i = n - 2; i >= 0; i--, c1 = c0) {
                c0 = t.get(i);
                if (c0 < c1 || (c0 == c1 && s)) {
                    s = true;
                } else if (s) {
                    sa[r--] = i + 1;
                    s = false;
                }
            }
            for (int i = 0; i < m; i++) {
                sa[i] = sa[reduced + sa[i]];
            }
        }

        // Stage 3: put the sorted LMS suffixes at their bucket ends and induce the rest.
        counts(t, c, n, k);
        buckets(c, b, k, true);
        java.util.Arrays.fill(sa, m, n, 0);
        for (int i = m - 1; i >= 0; i--) {
            j = sa[i];
            sa[i] = 0;
            sa[--b[t.get(j)]] = j;
        }
        induce(t, sa, c, b, n, k);
    }
}
