import Foundation
import NIOCore
import Testing

@testable import RapportStore

@Suite struct CopyRowWriterTests {
    static func text(_ write: (inout CopyRowWriter) -> Void) -> String {
        var writer = CopyRowWriter(capacity: 64)
        write(&writer)
        var buffer = writer.take()
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    @Test(arguments: [
        0.0, 1_763_596_800, 1_763_596_800.5, 1_700_000_000.123456, 951_782_400, -86_400.25, 4_102_444_799.999999, 1_509_488_047.000001,
        253_402_300_800.5, 253_402_300_799, -62_167_219_200, -62_200_000_000.25,
    ])
    func timestampBytesAreTheTextFormatGives(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Self.text { $0.field(timestamp: date) } == TimestampText.format(date))
    }

    @Test func timestampsOfEveryDayOfALeapYearMatchTheTextFormat() {
        for day in 0..<366 {
            let date = Date(timeIntervalSince1970: 951_782_400 - 59 * 86_400 + Double(day) * 86_400 + 3_723.25)
            #expect(Self.text { $0.field(timestamp: date) } == TimestampText.format(date))
        }
    }

    @Test func arrayElementsAreQuotedThenCopyEscaped() {
        let written = Self.text { $0.arrayField([#"say "hi""#, #"back\slash"#, "tab\tnew\nline\rcr", "nul\u{0}dropped", "{brace},comma", "émoji 🙌"]) }
        #expect(written == #"{"say \\"hi\\"","back\\\\slash","tab\tnew\nline\rcr","nuldropped","{brace},comma","émoji 🙌"}"#)
        #expect(Self.text { $0.arrayField([]) } == "{}")
    }
}
