package cn.docsearch.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.ingest.document.KnownDocument;

class DocumentTableTest {
    private static final String ID = "3f2b8c1e-9a4d-4e6f-8b1c-2d3e4f5a6b7c";
    private static final String OTHER_ID = "a0b1c2d3-e4f5-4a6b-9c7d-8e9fa0b1c2d3";
    private static final String HASH_A = hash('a');
    private static final String HASH_B = hash('b');

    private final DocumentTable table = new DocumentTable(16);

    @Test
    void lowerOrderIsIgnored() {
        table.apply(live(ID, HASH_A, 2, 20));

        assertThat(table.apply(live(ID, HASH_B, 1, 10))).isFalse();

        assertThat(table.byId(ID)).contains(live(ID, HASH_A, 2, 20));
        assertThat(table.byContentHash(HASH_B, CollectionNames.DEFAULT)).isEmpty();
    }

    @Test
    void equalOrderReplaces() {
        table.apply(live(ID, HASH_A, 2, 20));

        assertThat(table.apply(live(ID, HASH_B, 3, 20))).isTrue();

        assertThat(table.byId(ID)).contains(live(ID, HASH_B, 3, 20));
    }

    @Test
    void higherOrderReplaces() {
        table.apply(live(ID, HASH_A, 2, 20));

        assertThat(table.apply(live(ID, HASH_B, 3, 21))).isTrue();

        assertThat(table.byId(ID)).contains(live(ID, HASH_B, 3, 21));
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void deletedDocumentIsKnownByIdButNotByHash() {
        table.apply(live(ID, HASH_A, 1, 10));
        table.apply(live(OTHER_ID, HASH_B, 1, 11));

        assertThat(table.apply(new KnownDocument(ID, "", 2, 0, 12, true))).isTrue();

        assertThat(table.byId(ID)).contains(new KnownDocument(ID, "", 2, 0, 12, true));
        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).isEmpty();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.liveCount()).isEqualTo(1);
    }

    @Test
    void deletionWithoutHashReadsBackAsEmptyHash() {
        assertThat(table.apply(new KnownDocument(ID, null, 4, 0, 1, true))).isTrue();

        assertThat(table.byId(ID)).contains(new KnownDocument(ID, "", 4, 0, 1, true));
        assertThat(table.liveCount()).isZero();
    }

    @Test
    void deletionMayKeepItsHashWithoutBeingFoundByIt() {
        table.apply(new KnownDocument(ID, HASH_A, 2, 10, 5, true));

        assertThat(table.byId(ID)).contains(new KnownDocument(ID, HASH_A, 2, 10, 5, true));
        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).isEmpty();
    }

    @Test
    void documentRevivedAfterDeletionIsFoundByItsHashAgain() {
        table.apply(live(ID, HASH_A, 1, 1));
        table.apply(new KnownDocument(ID, "", 2, 0, 2, true));

        table.apply(live(ID, HASH_A, 3, 3));

        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).contains(live(ID, HASH_A, 3, 3));
        assertThat(table.liveCount()).isEqualTo(1);
    }

    @Test
    void newVersionMovesTheHash() {
        table.apply(live(ID, HASH_A, 1, 1));

        table.apply(live(ID, HASH_B, 2, 2));

        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).isEmpty();
        assertThat(table.byContentHash(HASH_B, CollectionNames.DEFAULT)).contains(live(ID, HASH_B, 2, 2));
    }

    /**
     * The hash index behaves like a {@code Map<hash, id>} under {@code put} when a document becomes live with a hash and
     * {@code remove(hash, id)} when it leaves it: the later id takes the hash over, and once it leaves, the earlier id
     * is not found by the hash although it still holds it.
     */
    @Test
    void sharedHashGoesToTheLaterIdAndIsForgottenWhenThatOneLeaves() {
        table.apply(live(ID, HASH_A, 1, 1));
        table.apply(live(OTHER_ID, HASH_A, 1, 2));

        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).contains(live(OTHER_ID, HASH_A, 1, 2));

        table.apply(live(OTHER_ID, HASH_B, 2, 3));

        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).isEmpty();
        assertThat(table.byId(ID)).contains(live(ID, HASH_A, 1, 1));
    }

    @Test
    void earlierHolderLeavingKeepsTheLaterOnesMapping() {
        table.apply(live(ID, HASH_A, 1, 1));
        table.apply(live(OTHER_ID, HASH_A, 1, 2));

        table.apply(new KnownDocument(ID, "", 2, 0, 3, true));

        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).contains(live(OTHER_ID, HASH_A, 1, 2));
    }

    @Test
    void idIsAcceptedInEitherCaseAndReadBackLowercase() {
        String upperCase = ID.toUpperCase(Locale.ROOT);

        assertThat(table.apply(live(upperCase, HASH_A, 1, 1))).isTrue();

        assertThat(table.byId(ID)).contains(live(ID, HASH_A, 1, 1));
        assertThat(table.byId(upperCase)).contains(live(ID, HASH_A, 1, 1));
    }

    @Test
    void invalidIdsAreRefused() {
        for (String id : new String[] {null, "", "not-a-uuid", "1-1-1-1-1", ID + "0", ID.substring(1),
                ID.replace('-', '_'), ID.replace('c', 'g'), ID.replace('3', '\uFF13')}) {
            assertThat(table.apply(live(id, HASH_A, 1, 1))).as("id %s", id).isFalse();
            assertThat(table.byId(id)).as("id %s", id).isEmpty();
        }
        assertThat(table.size()).isZero();
        assertThat(table.byContentHash(HASH_A, CollectionNames.DEFAULT)).isEmpty();
    }

    @Test
    void invalidHashesAreRefused() {
        String digits = HASH_A.substring("sha256:".length());
        for (String hash : new String[] {null, "", "sha256:", "sha256:" + digits.substring(1), HASH_A + "a",
                "sha256:" + digits.toUpperCase(Locale.ROOT), "sha512:" + digits, "sha256:" + digits.replace('a', 'g'),
                digits + "1234567"}) {
            assertThat(table.apply(live(ID, hash, 1, 1))).as("hash %s", hash).isFalse();
            assertThat(table.byContentHash(hash, CollectionNames.DEFAULT)).as("hash %s", hash).isEmpty();
        }
        assertThat(table.size()).isZero();
        assertThat(table.byId(ID)).isEmpty();
    }

    @Test
    void deletionWithMalformedHashIsRefused() {
        table.apply(live(ID, HASH_A, 1, 1));

        assertThat(table.apply(new KnownDocument(ID, "sha256:abc", 2, 0, 2, true))).isFalse();

        assertThat(table.byId(ID)).contains(live(ID, HASH_A, 1, 1));
    }

    @Test
    void growsFarBeyondTheExpectedSize() {
        DocumentTable small = new DocumentTable(4);
        Random random = new Random(7);
        Map<String, String> hashById = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String hash = randomHash(random);
            hashById.put(id, hash);
            assertThat(small.apply(live(id, hash, 1, i))).isTrue();
        }

        assertThat(small.size()).isEqualTo(10_000);
        assertThat(small.liveCount()).isEqualTo(10_000);
        hashById.forEach((id, hash) -> {
            assertThat(small.byId(id)).map(KnownDocument::contentHash).contains(hash);
            assertThat(small.byContentHash(hash, CollectionNames.DEFAULT)).map(KnownDocument::id).contains(id);
        });
    }

    @Test
    void agreesWithAMapBasedModelOverRandomOperations() {
        Random random = new Random(20240611L);
        String[] ids = new String[5_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        String[] hashes = new String[3_000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = randomHash(random);
        }
        DocumentTable tested = new DocumentTable(64);
        ReferenceModel model = new ReferenceModel();
        String[] collections = {CollectionNames.DEFAULT, "office", "finance"};

        for (int operation = 0; operation < 200_000; operation++) {
            KnownDocument known = randomState(random, ids, hashes, collections);
            assertThat(tested.apply(known)).as("apply %s", known).isEqualTo(model.apply(known));

            String id = ids[random.nextInt(ids.length)];
            assertThat(tested.byId(id)).as("byId %s", id).isEqualTo(model.byId(id));
            String hash = hashes[random.nextInt(hashes.length)];
            String collection = collections[random.nextInt(collections.length)];
            assertThat(tested.byContentHash(hash, collection)).as("byContentHash %s in %s", hash, collection)
                    .isEqualTo(model.byContentHash(hash, collection));
            assertThat(tested.size()).isEqualTo(model.size());
            assertThat(tested.liveCount()).isEqualTo(model.liveCount());
        }
        for (String id : ids) {
            assertThat(tested.byId(id)).as("byId %s", id).isEqualTo(model.byId(id));
        }
        for (String hash : hashes) {
            for (String collection : collections) {
                assertThat(tested.byContentHash(hash, collection)).as("byContentHash %s in %s", hash, collection)
                        .isEqualTo(model.byContentHash(hash, collection));
            }
        }
    }

    /** Orders from a narrow range so that lower, equal and higher orders all come up often. */
    private static KnownDocument randomState(Random random, String[] ids, String[] hashes, String[] collections) {
        String id = ids[random.nextInt(ids.length)];
        String collection = collections[random.nextInt(collections.length)];
        long order = random.nextInt(1_000);
        int version = random.nextInt(100);
        int charCount = random.nextInt(1_000_000);
        if (random.nextInt(5) > 0) {
            return new KnownDocument(id, hashes[random.nextInt(hashes.length)], version, charCount, order, false, collection);
        }
        String deletionHash = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "";
            default -> hashes[random.nextInt(hashes.length)];
        };
        return new KnownDocument(id, deletionHash, version, 0, order, true, collection);
    }

    private static KnownDocument live(String id, String contentHash, int version, long order) {
        return new KnownDocument(id, contentHash, version, 100, order, false);
    }

    private static String hash(char digit) {
        return "sha256:" + String.valueOf(digit).repeat(64);
    }

    private static String randomHash(Random random) {
        StringBuilder hash = new StringBuilder("sha256:");
        for (int i = 0; i < 4; i++) {
            hash.append(String.format("%016x", random.nextLong()));
        }
        return hash.toString();
    }

    /**
     * The same rules over HashMaps, for valid input: ids and hashes as given, a missing hash read back as "", a content
     * hash found within its collection only.
     */
    private static final class ReferenceModel {
        private final Map<String, KnownDocument> byId = new HashMap<>();
        private final Map<String, String> idByHash = new HashMap<>();
        private int liveCount;

        boolean apply(KnownDocument known) {
            KnownDocument previous = byId.get(known.id());
            if (previous != null && previous.order() > known.order()) {
                return false;
            }
            if (previous != null && !previous.deleted()) {
                idByHash.remove(previous.collection() + " " + previous.contentHash(), previous.id());
                liveCount--;
            }
            String contentHash = known.contentHash() == null ? "" : known.contentHash();
            byId.put(known.id(), new KnownDocument(known.id(), contentHash, known.version(), known.charCount(),
                    known.order(), known.deleted(), known.collection()));
            if (!known.deleted()) {
                idByHash.put(known.collection() + " " + contentHash, known.id());
                liveCount++;
            }
            return true;
        }

        Optional<KnownDocument> byId(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        Optional<KnownDocument> byContentHash(String contentHash, String collection) {
            return Optional.ofNullable(idByHash.get(collection + " " + contentHash)).map(byId::get);
        }

        int size() {
            return byId.size();
        }

        int liveCount() {
            return liveCount;
        }
    }
}
