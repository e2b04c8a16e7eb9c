import Testing

@testable import RapportInsight

/// The banking77 weak labels the complaint word model is fitted with (benchmarks/classification).
/// Rows here were written for this test; none comes from the data set.
@Suite("banking77 weak labels")
struct Banking77ExamplesTests {
    @Test func intentsAreComplaintsQuestionsOrLeftOutNeverBoth() {
        #expect(ComplaintModelTraining.banking77ComplaintIntents.isDisjoint(with: ComplaintModelTraining.banking77QuestionIntents))
        #expect(ComplaintModelTraining.banking77ComplaintIntents.count == 27)
        #expect(ComplaintModelTraining.banking77QuestionIntents.count == 35)
    }

    @Test func eachMessageTakesItsIntentsLabelAndUndecidedIntentsAreLeftOut() {
        let csv = """
            text,category
            "My new card still hasn't come, it's been two weeks",card_arrival
            How do I activate the card?,activate_my_card
            "I see the same coffee twice on my statement, why?",transaction_charged_twice
            What is the fee for a transfer?,transfer_fee_charged
            Why is my payment still pending?,pending_card_payment
            too,few,fields,here
            short

            """
        let examples = ComplaintModelTraining.banking77Examples(csv: csv, weight: 0.25)
        #expect(examples.map(\.text) == [
            "My new card still hasn't come, it's been two weeks", "How do I activate the card?",
            "I see the same coffee twice on my statement, why?",
        ])
        #expect(examples.map(\.complaint) == [true, false, true])
        #expect(examples.allSatisfy { $0.weight == 0.25 })
    }

    @Test func aFileWithoutTheColumnsGivesNoExamples() {
        #expect(ComplaintModelTraining.banking77Examples(csv: "message,intent\nhello,card_arrival\n", weight: 1).isEmpty)
    }
}
