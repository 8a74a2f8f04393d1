package cn.docsearch.ingest.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntUnaryOperator;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.ingest.document.KnownDocument;

/**
 * The latest state of every document id, kept in memory to detect duplicates by content hash and to hand out the next
 * version.
 * <p>
 * Built for a million documents in well under 100 MB of heap: a map of {@link KnownDocument} objects would cost a few
 * hundred bytes per document (record, strings, map nodes), so there is no object per document. States are stored
 * column-wise in dense primitive arrays indexed by entry number, and two open-addressing {@code int[]} tables (linear
 * probing, power-of-two capacity, load factor at most 0.5, slot value entry + 1, 0 = empty) find an entry by id and by
 * content hash. Per document: 67 bytes of columns (id 2 x 8, content hash 4 x 8, order 8, version 4, char count 4,
 * flags 1, collection 2), plus 2 to 4 slots of 4 bytes in each of the two tables, so 83 to 99 bytes. Pre-sized for
 * 1,000,000 documents that is 67 MB + 2 x 8 MB, about 84 MB (measured before the collection column: 82 MB). Columns
 * grown past the expected size (by half each time) may carry up to a third unused: grown from a small size, a million
 * documents took 105 MB, so pre-size from the expected count. Entries are never removed: a deletion is a state too,
 * needed to hand out the version that follows it.
 * <p>
 * Duplicates are recognised within a collection: the hash table's key is the content hash and the collection, so
 * the same text in two collections is two documents, and a writer of one learns nothing of the other. Collections are
 * stored as a number into a list of their names (at most 65,536 of them; code 0 is {@code default}).
 * <p>
 * Thread-safe: reads share a read lock, {@link #apply} takes the write lock.
 */
public final class DocumentTable {

    private static final String HASH_PREFIX = "sha256:";
    private static final int HASH_HEX_DIGITS = 64;
    private static final int HASH_WORDS = 4;
    private static final int HEX_DIGITS_PER_WORD = 16;
    private static final int UUID_LENGTH = 36;
    private static final char[] LOWERCASE_HEX = "0123456789abcdef".toCharArray();

    private static final byte DELETED = 1;
    /** Absent for a deletion carrying no hash; the entry's hash words are meaningful only with this flag. */
    private static final byte HAS_CONTENT_HASH = 2;

    /** Keeps the hash words column (4 per entry) and the index tables (2 to 4 slots per entry) within int indexes. */
    private static final int MAX_ENTRIES = 1 << 28;
    private static final int MIN_ENTRIES = 8;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    // Columns, indexed by entry number.
    private long[] idHigh;
    private long[] idLow;
    /** HASH_WORDS per entry, most significant first. */
    private long[] hashWords;
    private long[] orders;
    private int[] versions;
    private int[] charCounts;
    private byte[] flags;
    /** Index into collectionNames. */
    private char[] collectionCodes;
    private int entryCount;
    private int liveCount;

    /** Every entry, by id. Never shrinks, since entries are never removed. */
    private int[] idIndex;
    /** Content hash -> the entry that most recently became live with it; names live entries only. */
    private int[] hashIndex;
    private int hashIndexCount;
    private final List<String> collectionNames = new ArrayList<>(List.of(CollectionNames.DEFAULT));
    private final Map<String, Character> collectionsByName = new HashMap<>(Map.of(CollectionNames.DEFAULT, (char) 0));

    /** @param expectedDocuments how many ids to make room for up front, so that loading that many does not grow */
    public DocumentTable(int expectedDocuments) {
        if (expectedDocuments < 0 || expectedDocuments > MAX_ENTRIES) {
            throw new IllegalArgumentException("expectedDocuments must be within 0.." + MAX_ENTRIES + ": "
                    + expectedDocuments);
        }
        int capacity = Math.max(expectedDocuments, MIN_ENTRIES);
        idHigh = new long[capacity];
        idLow = new long[capacity];
        hashWords = new long[capacity * HASH_WORDS];
        orders = new long[capacity];
        versions = new int[capacity];
        charCounts = new int[capacity];
        flags = new byte[capacity];
        collectionCodes = new char[capacity];
        // Smallest power of two holding capacity entries at load 0.5.
        int indexCapacity = Integer.highestOneBit(2 * capacity - 1) << 1;
        idIndex = new int[indexCapacity];
        hashIndex = new int[indexCapacity];
    }

    /**
     * Records {@code known} as the latest state of its id unless a state of higher order is already stored.
     * <p>
     * Refused (nothing changes) when the id is not a 36-character UUID, or the content hash is not {@code "sha256:"}
     * and 64 lowercase hex digits; only a deletion may carry no hash ({@code null} or {@code ""}).
     *
     * @return whether the state was stored
     */
    public boolean apply(KnownDocument known) {
        Objects.requireNonNull(known, "known");
        UUID id = parseId(known.id());
        String contentHash = known.contentHash();
        boolean noHash = contentHash == null || contentHash.isEmpty();
        long[] hash = noHash ? null : parseContentHash(contentHash);
        if (id == null || (noHash ? !known.deleted() : hash == null)) {
            return false;
        }
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        lock.writeLock().lock();
        try {
            int entry = idIndex[idSlot(high, low)] - 1;
            if (entry < 0) {
                entry = addEntry(high, low);
            } else {
                if (orders[entry] > known.order()) {
                    return false;
                }
                if (isLive(entry)) {
                    unmapHash(entry);
                    liveCount--;
                }
            }
            orders[entry] = known.order();
            versions[entry] = known.version();
            charCounts[entry] = known.charCount();
            flags[entry] = (byte) ((known.deleted() ? DELETED : 0) | (hash != null ? HAS_CONTENT_HASH : 0));
            collectionCodes[entry] = collectionCode(known.collection());
            if (hash != null) {
                System.arraycopy(hash, 0, hashWords, entry * HASH_WORDS, HASH_WORDS);
            }
            if (!known.deleted()) {
                mapHash(entry);
                liveCount++;
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The latest state of {@code id}, deletions included, with the id in canonical lowercase form and {@code ""} for a
     * deletion that carried no hash; empty for an unknown or invalid id.
     */
    public Optional<KnownDocument> byId(String id) {
        UUID uuid = parseId(id);
        if (uuid == null) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            int entry = idIndex[idSlot(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())] - 1;
            return entry < 0 ? Optional.empty() : Optional.of(known(entry));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A live document of the collection whose current content hash is {@code contentHash}: the one that most recently
     * became live with it. Empty if that one has since moved to another hash or been deleted, even when an earlier
     * document still holds the hash (as a {@code Map} under {@code put} and {@code remove(key, value)} would behave).
     */
    public Optional<KnownDocument> byContentHash(String contentHash, String collection) {
        long[] hash = parseContentHash(contentHash);
        if (hash == null) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            Character code = collectionsByName.get(collection == null ? CollectionNames.DEFAULT : collection);
            if (code == null) {
                return Optional.empty();
            }
            // The probe only stops at an entry whose current hash words and collection equal the asked ones.
            int entry = hashIndex[hashSlot(hash, 0, code)] - 1;
            return entry >= 0 && isLive(entry) ? Optional.of(known(entry)) : Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many ids are known, deleted ones included. */
    public int size() {
        lock.readLock().lock();
        try {
            return entryCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many ids of each collection have a latest state that is not a deletion (a pass over every entry). */
    public Map<String, Integer> liveCountByCollection() {
        lock.readLock().lock();
        try {
            int[] counts = new int[collectionNames.size()];
            for (int entry = 0; entry < entryCount; entry++) {
                if (isLive(entry)) {
                    counts[collectionCodes[entry]]++;
                }
            }
            Map<String, Integer> byName = new HashMap<>();
            for (int code = 0; code < counts.length; code++) {
                if (counts[code] > 0) {
                    byName.put(collectionNames.get(code), counts[code]);
                }
            }
            return byName;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many ids have a latest state that is not a deletion. */
    public int liveCount() {
        lock.readLock().lock();
        try {
            return liveCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    private int addEntry(long high, long low) {
        if (entryCount == MAX_ENTRIES) {
            throw new IllegalStateException("DocumentTable is full at " + MAX_ENTRIES + " documents");
        }
        if (entryCount == orders.length) {
            growColumns();
        }
        if (2 * (entryCount + 1) > idIndex.length) {
            idIndex = doubled(idIndex, entry -> idHashCode(idHigh[entry], idLow[entry]));
        }
        int entry = entryCount++;
        idHigh[entry] = high;
        idLow[entry] = low;
        idIndex[idSlot(high, low)] = entry + 1;
        return entry;
    }

    private void growColumns() {
        int capacity = Math.min(MAX_ENTRIES, orders.length + (orders.length >> 1));
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        hashWords = Arrays.copyOf(hashWords, capacity * HASH_WORDS);
        orders = Arrays.copyOf(orders, capacity);
        versions = Arrays.copyOf(versions, capacity);
        charCounts = Arrays.copyOf(charCounts, capacity);
        flags = Arrays.copyOf(flags, capacity);
        collectionCodes = Arrays.copyOf(collectionCodes, capacity);
    }

    /** The collection's number, given it on first sight. */
    private char collectionCode(String collection) {
        return collectionsByName.computeIfAbsent(collection, name -> {
            if (collectionNames.size() > Character.MAX_VALUE) {
                throw new IllegalStateException("DocumentTable holds at most " + (Character.MAX_VALUE + 1) + " collections");
            }
            collectionNames.add(name);
            return (char) (collectionNames.size() - 1);
        });
    }

    /**
     * The live entry is about to be replaced: forget its hash's mapping, but only if it still names this entry, since
     * another id may have taken the hash since. A new live state with the same hash is mapped again right after.
     */
    private void unmapHash(int entry) {
        int slot = hashSlot(hashWords, entry * HASH_WORDS, collectionCodes[entry]);
        if (hashIndex[slot] == entry + 1) {
            removeHashSlot(slot);
        }
    }

    /** Maps the entry's (live) hash to it, replacing another entry's mapping of the same hash. */
    private void mapHash(int entry) {
        int base = entry * HASH_WORDS;
        char collection = collectionCodes[entry];
        int slot = hashSlot(hashWords, base, collection);
        if (hashIndex[slot] == 0) {
            if (2 * (hashIndexCount + 1) > hashIndex.length) {
                hashIndex = doubled(hashIndex, this::hashCodeOfEntry);
                slot = hashSlot(hashWords, base, collection);
            }
            hashIndexCount++;
        }
        hashIndex[slot] = entry + 1;
    }

    /**
     * Backward-shift deletion: rather than leaving a tombstone, pulls later entries of the probe run back into the
     * hole, so lookups can keep stopping at the first empty slot.
     */
    private void removeHashSlot(int slot) {
        int mask = hashIndex.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; hashIndex[next] != 0; next = (next + 1) & mask) {
            int home = hashCodeOfEntry(hashIndex[next] - 1) & mask;
            // It may fill the hole only if the hole lies on its probe path, from its home slot up to where it sits.
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                hashIndex[hole] = hashIndex[next];
                hole = next;
            }
        }
        hashIndex[hole] = 0;
        hashIndexCount--;
    }

    /** The slot holding this id, or the empty slot where it belongs. */
    private int idSlot(long high, long low) {
        int mask = idIndex.length - 1;
        int slot = idHashCode(high, low) & mask;
        for (int mapped = idIndex[slot]; mapped != 0; mapped = idIndex[slot]) {
            if (idHigh[mapped - 1] == high && idLow[mapped - 1] == low) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * The slot mapping the hash at {@code words[offset..offset + 3]} in the collection, or the empty slot where it
     * belongs.
     */
    private int hashSlot(long[] words, int offset, char collection) {
        int mask = hashIndex.length - 1;
        int slot = contentHashCode(words, offset, collection) & mask;
        for (int mapped = hashIndex[slot]; mapped != 0; mapped = hashIndex[slot]) {
            if (collectionCodes[mapped - 1] == collection && hashEquals(mapped - 1, words, offset)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private boolean hashEquals(int entry, long[] words, int offset) {
        int base = entry * HASH_WORDS;
        return hashWords[base] == words[offset]
                && hashWords[base + 1] == words[offset + 1]
                && hashWords[base + 2] == words[offset + 2]
                && hashWords[base + 3] == words[offset + 3];
    }

    private boolean isLive(int entry) {
        return (flags[entry] & DELETED) == 0;
    }

    /** The same entries in a table twice the size, each re-probed from its home slot there. */
    private static int[] doubled(int[] index, IntUnaryOperator hashCodeOfEntry) {
        int[] larger = new int[index.length * 2];
        int mask = larger.length - 1;
        for (int mapped : index) {
            if (mapped != 0) {
                int slot = hashCodeOfEntry.applyAsInt(mapped - 1) & mask;
                while (larger[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                larger[slot] = mapped;
            }
        }
        return larger;
    }

    private KnownDocument known(int entry) {
        boolean deleted = !isLive(entry);
        String contentHash = (flags[entry] & HAS_CONTENT_HASH) != 0 ? contentHashString(entry) : "";
        return new KnownDocument(new UUID(idHigh[entry], idLow[entry]).toString(), contentHash, versions[entry],
                charCounts[entry], orders[entry], deleted, collectionNames.get(collectionCodes[entry]));
    }

    private String contentHashString(int entry) {
        char[] chars = new char[HASH_PREFIX.length() + HASH_HEX_DIGITS];
        HASH_PREFIX.getChars(0, HASH_PREFIX.length(), chars, 0);
        int position = HASH_PREFIX.length();
        for (int word = 0; word < HASH_WORDS; word++) {
            long bits = hashWords[entry * HASH_WORDS + word];
            for (int shift = 60; shift >= 0; shift -= 4) {
                chars[position++] = LOWERCASE_HEX[(int) (bits >>> shift) & 0xF];
            }
        }
        return new String(chars);
    }

    /** Strictly the 8-4-4-4-12 form, either case; {@link UUID#fromString} would also take shortened groups. */
    private static UUID parseId(String id) {
        if (id == null || id.length() != UUID_LENGTH) {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = hexDigit(c, true);
            if (digit < 0) {
                return null;
            }
            if (digits++ < HEX_DIGITS_PER_WORD) {
                high = (high << 4) | digit;
            } else {
                low = (low << 4) | digit;
            }
        }
        return new UUID(high, low);
    }

    /** The four words of {@code "sha256:"} and 64 lowercase hex digits, or null if it is not that. */
    private static long[] parseContentHash(String contentHash) {
        if (contentHash == null || contentHash.length() != HASH_PREFIX.length() + HASH_HEX_DIGITS
                || !contentHash.startsWith(HASH_PREFIX)) {
            return null;
        }
        long[] words = new long[HASH_WORDS];
        for (int i = 0; i < HASH_HEX_DIGITS; i++) {
            int digit = hexDigit(contentHash.charAt(HASH_PREFIX.length() + i), false);
            if (digit < 0) {
                return null;
            }
            words[i / HEX_DIGITS_PER_WORD] = (words[i / HEX_DIGITS_PER_WORD] << 4) | digit;
        }
        return words;
    }

    /** ASCII hex only: {@link Character#digit} would also take other scripts' digits. */
    private static int hexDigit(char c, boolean upperCaseAllowed) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (upperCaseAllowed && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int idHashCode(long high, long low) {
        return (int) fmix64(high ^ fmix64(low));
    }

    private int hashCodeOfEntry(int entry) {
        return contentHashCode(hashWords, entry * HASH_WORDS, collectionCodes[entry]);
    }

    private static int contentHashCode(long[] words, int offset, char collection) {
        return (int) fmix64(words[offset] ^ fmix64(words[offset + 1] ^ fmix64(words[offset + 2]
                ^ fmix64(words[offset + 3] ^ collection))));
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit, so low bits make good slots. */
    private static long fmix64(long value) {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93fe53485b9L;
        k ^= k >>> 33;
        return k;
    }
}
