package cn.docsearch.ingest.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import cn.docsearch.ingest.document.WriteDecision.Kind;

/** Every branch of the write rules, without Kafka: what is known goes in, what the write comes to comes out. */
class WriteRulesTest {
    private static final String ID = "7f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10";
    private static final String OTHER_ID = "0a3e8a63-95c1-3d8e-8d64-2f2b3b1b2a11";
    private static final String HASH = "sha256:" + "a".repeat(64);
    private static final String OTHER_HASH = "sha256:" + "b".repeat(64);
    private static final String KEY = "upload-42";

    @Test
    void anIdNeverWrittenBecomesVersionOne() {
        WriteDecision decision = WriteRules.decide(upload(null), KnownState.NOTHING);

        assertThat(decision.kind()).isEqualTo(Kind.NEW);
        assertThat(decision.publishesEvent()).isTrue();
        assertThat(decision.outcome()).isEqualTo(new IngestOutcome(ID, IngestOutcome.ACCEPTED, HASH, 1, 12, "值班安排"));
        assertThat(decision.refusal()).isNull();
    }

    @Test
    void newContentUnderAKnownIdIsTheNextVersion() {
        WriteDecision decision = WriteRules.decide(upload(null), latest(live(ID, OTHER_HASH, 2)));

        assertThat(decision.kind()).isEqualTo(Kind.NEW_VERSION);
        assertThat(decision.outcome().version()).isEqualTo(3);
        assertThat(decision.outcome().status()).isEqualTo(IngestOutcome.ACCEPTED);
    }

    @Test
    void versionsCountOnAfterADeletion() {
        WriteDecision decision = WriteRules.decide(upload(null), latest(deleted(ID, 4)));

        assertThat(decision.kind()).isEqualTo(Kind.NEW_VERSION);
        assertThat(decision.outcome().version()).isEqualTo(5);
    }

    @Test
    void contentLiveUnderAnotherIdIsADuplicateOfItAndPublishesNothing() {
        KnownDocument other = live(OTHER_ID, HASH, 3);
        WriteDecision decision = WriteRules.decide(upload(KEY),
                new KnownState(Optional.of(live(ID, OTHER_HASH, 1)), Optional.of(other), Optional.empty()));

        assertThat(decision.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(decision.publishesEvent()).isFalse();
        assertThat(decision.changesDocument()).isFalse();
        // the duplicate's id, version and size; the title the caller sent
        assertThat(decision.outcome()).isEqualTo(new IngestOutcome(OTHER_ID, IngestOutcome.DUPLICATE, HASH, 3, 99, "值班安排"));
        assertThat(decision.keyToRemember()).isEqualTo(KEY);
    }

    @Test
    void theSameContentAgainUnderItsOwnIdIsADuplicateOfItself() {
        KnownDocument self = live(ID, HASH, 2);
        WriteDecision decision = WriteRules.decide(upload(null),
                new KnownState(Optional.of(self), Optional.of(self), Optional.empty()));

        assertThat(decision.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(decision.outcome().id()).isEqualTo(ID);
        assertThat(decision.outcome().version()).isEqualTo(2);
    }

    @Test
    void theSecondOfTwoEqualUploadsInOneTransactionIsADuplicateOfTheFirst() {
        WriteDecision first = WriteRules.decide(upload(null), KnownState.NOTHING);
        KnownDocument written = new KnownDocument(ID, HASH, first.outcome().version(), 12, 1, false);

        WriteDecision second = WriteRules.decide(RequestedWrite.upload(OTHER_ID, "default", HASH, 12, "再传一次", null),
                new KnownState(Optional.empty(), Optional.of(written), Optional.empty()));

        assertThat(second.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(second.outcome().id()).isEqualTo(ID);
    }

    @Test
    void aKeyUsedBeforeForTheSameContentGivesItsFirstOutcomeAgain() {
        IngestOutcome earlier = new IngestOutcome(ID, IngestOutcome.ACCEPTED, HASH, 1, 12, "值班安排");
        WriteDecision decision = WriteRules.decide(upload(KEY),
                new KnownState(Optional.of(live(ID, HASH, 1)), Optional.of(live(ID, HASH, 1)), Optional.of(earlier)));

        assertThat(decision.kind()).isEqualTo(Kind.REPEATED);
        assertThat(decision.outcome()).isSameAs(earlier);
        assertThat(decision.keyToRemember()).as("remembered already").isNull();
        assertThat(decision.changesDocument()).isFalse();
    }

    @Test
    void aKeyUsedBeforeForOtherContentIsRefused() {
        IngestOutcome earlier = new IngestOutcome(OTHER_ID, IngestOutcome.ACCEPTED, OTHER_HASH, 1, 40, "别的文档");
        WriteDecision decision = WriteRules.decide(upload(KEY),
                new KnownState(Optional.empty(), Optional.empty(), Optional.of(earlier)));

        assertThat(decision.kind()).isEqualTo(Kind.REFUSED);
        assertThat(decision.outcome()).isNull();
        assertThat(decision.refusal()).isInstanceOf(IdempotencyKeyConflictException.class).hasMessageContaining(KEY);
    }

    @Test
    void aKeyNotSeenBeforeIsRememberedWithTheNewDocument() {
        WriteDecision decision = WriteRules.decide(upload(KEY), KnownState.NOTHING);

        assertThat(decision.kind()).isEqualTo(Kind.NEW);
        assertThat(decision.keyToRemember()).isEqualTo(KEY);
    }

    @Test
    void anOutcomeRememberedForAKeyCountsOnlyWhenTheWriteCarriesTheKey() {
        IngestOutcome earlier = new IngestOutcome(OTHER_ID, IngestOutcome.ACCEPTED, OTHER_HASH, 1, 40, "别的文档");
        WriteDecision decision = WriteRules.decide(upload(null),
                new KnownState(Optional.empty(), Optional.empty(), Optional.of(earlier)));

        assertThat(decision.kind()).isEqualTo(Kind.NEW);
    }

    @Test
    void deletingALiveDocumentIsItsNextVersion() {
        WriteDecision decision = WriteRules.decide(RequestedWrite.deletion(ID), latest(live(ID, HASH, 3)));

        assertThat(decision.kind()).isEqualTo(Kind.DELETION);
        assertThat(decision.changesDocument()).isTrue();
        assertThat(decision.publishesEvent()).isFalse();
        assertThat(decision.outcome()).isEqualTo(new IngestOutcome(ID, IngestOutcome.DELETED, "", 4, 0, null));
        assertThat(decision.keyToRemember()).isNull();
    }

    @Test
    void deletingAnUnknownIdIsNotFound() {
        assertNotFound(WriteRules.decide(RequestedWrite.deletion(ID), KnownState.NOTHING));
    }

    @Test
    void deletingADeletedDocumentIsNotFound() {
        assertNotFound(WriteRules.decide(RequestedWrite.deletion(ID), latest(deleted(ID, 4))));
    }

    private static void assertNotFound(WriteDecision decision) {
        assertThat(decision.kind()).isEqualTo(Kind.REFUSED);
        assertThat(decision.refusal()).isInstanceOfSatisfying(DocumentRefusedException.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(404);
            assertThat(refusal.problemType()).isEqualTo("document-not-found");
            assertThat(refusal.getMessage()).contains(ID);
        });
    }

    private static RequestedWrite upload(String idempotencyKey) {
        return RequestedWrite.upload(ID, "default", HASH, 12, "值班安排", idempotencyKey);
    }

    private static KnownState latest(KnownDocument document) {
        return new KnownState(Optional.of(document), Optional.empty(), Optional.empty());
    }

    private static KnownDocument live(String id, String contentHash, int version) {
        return new KnownDocument(id, contentHash, version, 99, version, false);
    }

    private static KnownDocument deleted(String id, int version) {
        return new KnownDocument(id, "", version, 0, version, true);
    }
}
