import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// Images in the conversation, per adapter, against the fake server: the exact messages each API is sent for the
/// two shapes Palisade's robot runs used (issue 16, item 3): a camera frame inside a tool result (their Inspect
/// mechanism: `[ContentText(""), ContentImage]`) and a user message "Here is the current camera view:" with the
/// frame (their live mechanism).
@Suite("Vision exchanges: images in user messages and tool results")
struct VisionExchangeTests {
    static let frame = try! MessageImage(mediaType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF, 0xE0], name: "f1.jpeg")
    static let camera = try! MessageImage(
        mediaType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name: "camera.png")
    static let frameBase64 = "/9j/4A=="
    static let cameraBase64 = "iVBORw0KGgo="
    static let move = #"{"cmd":"./dog_control forward 1m"}"#
    static let list = #"{"cmd":"ls"}"#

    /// System, user, two calls in one turn, a result with a frame and one without, then the camera view.
    static let conversation: [ChatMessage] = [
        .system("You control a robot dog."),
        .user("Patrol."),
        ChatMessage(
            role: .assistant, content: "",
            toolCalls: [
                ToolCall(id: "c1", name: "bash", arguments: move), ToolCall(id: "c2", name: "bash", arguments: list),
            ]),
        .tool("", callID: "c1", images: [frame]),
        .tool("dog_control\nshutdown.sh", callID: "c2"),
        .user("Here is the current camera view:", images: [camera]),
    ]

    static let tools = [
        ToolSpec(
            name: "bash", description: "Run a command.", parameters: [.init(name: "cmd", description: "The command.")])
    ]

    static func text(_ value: String) -> JSONValue { .string(value) }

    @Test("Chat Completions: tool text says where each image went, the images follow as a user message (as Inspect)")
    func chatCompletions() async throws {
        try await FakeProviderServer.with(replies: [OpenAIChatProviderTests.toolCallReply]) { server in
            _ = try await OpenAIChatProviderTests.provider(server, model: "gpt-4.1", effort: nil, maxTokens: 500)
                .generate(ModelRequest(messages: Self.conversation, tools: Self.tools))
            let call: (String, String) -> JSONValue = { id, arguments in
                .object([
                    "id": .string(id), "type": .string("function"),
                    "function": .object(["name": .string("bash"), "arguments": .string(arguments)]),
                ])
            }
            let image: (String) -> JSONValue = { url in
                .object([
                    "type": .string("image_url"),
                    "image_url": .object(["url": .string(url), "detail": .string("auto")]),
                ])
            }
            let expected = JSONValue.array([
                .object(["role": .string("system"), "content": .string("You control a robot dog.")]),
                .object(["role": .string("user"), "content": .string("Patrol.")]),
                .object([
                    "role": .string("assistant"), "content": .string(""),
                    "tool_calls": .array([call("c1", Self.move), call("c2", Self.list)]),
                ]),
                .object([
                    "role": .string("tool"), "tool_call_id": .string("c1"),
                    "content": .string("\nImage content is included below."),
                ]),
                .object([
                    "role": .string("tool"), "tool_call_id": .string("c2"),
                    "content": .string("dog_control\nshutdown.sh"),
                ]),
                .object([
                    "role": .string("user"), "content": .array([image("data:image/jpeg;base64,\(Self.frameBase64)")]),
                ]),
                .object([
                    "role": .string("user"),
                    "content": .array([
                        .object(["type": .string("text"), "text": .string("Here is the current camera view:")]),
                        image("data:image/png;base64,\(Self.cameraBase64)"),
                    ]),
                ]),
            ])
            let body = try #require(try server.requests.first?.json())
            #expect(body["messages"] == expected)
            #expect(body["model"] == .string("gpt-4.1"))
        }
    }

    @Test("Responses: function_call_output is a list of input_text and input_image; a user message has both")
    func responses() async throws {
        try await FakeProviderServer.with(replies: [OpenAIResponsesProviderTests.finalReply]) { server in
            _ = try await OpenAIResponsesProviderTests.provider(server)
                .generate(ModelRequest(messages: Self.conversation, tools: Self.tools))
            let image: (String) -> JSONValue = { url in
                .object(["type": .string("input_image"), "image_url": .string(url), "detail": .string("auto")])
            }
            let call: (String, String) -> JSONValue = { id, arguments in
                .object([
                    "type": .string("function_call"), "call_id": .string(id), "name": .string("bash"),
                    "arguments": .string(arguments),
                ])
            }
            let expected = JSONValue.array([
                OpenAIResponsesProviderTests.inputMessage("developer", "You control a robot dog."),
                OpenAIResponsesProviderTests.inputMessage("user", "Patrol."),
                call("c1", Self.move), call("c2", Self.list),
                .object([
                    "type": .string("function_call_output"), "call_id": .string("c1"),
                    "output": .array([
                        .object(["type": .string("input_text"), "text": .string("")]),
                        image("data:image/jpeg;base64,\(Self.frameBase64)"),
                    ]),
                ]),
                .object([
                    "type": .string("function_call_output"), "call_id": .string("c2"),
                    "output": .string("dog_control\nshutdown.sh"),
                ]),
                .object([
                    "type": .string("message"), "role": .string("user"),
                    "content": .array([
                        .object(["type": .string("input_text"), "text": .string("Here is the current camera view:")]),
                        image("data:image/png;base64,\(Self.cameraBase64)"),
                    ]),
                ]),
            ])
            #expect(try server.requests.first?.json()["input"] == expected)
        }
    }

    @Test("Anthropic: image blocks inside tool_result content and after the user's text, in one user turn")
    func anthropic() async throws {
        try await FakeProviderServer.with(replies: [AnthropicProviderTests.secondReply]) { server in
            _ = try await AnthropicProviderTests.provider(server, thinking: nil)
                .generate(ModelRequest(messages: Self.conversation, tools: Self.tools))
            let image: (String, String) -> JSONValue = { type, data in
                .object([
                    "type": .string("image"),
                    "source": .object(["type": .string("base64"), "media_type": .string(type), "data": .string(data)]),
                ])
            }
            let use: (String) -> JSONValue = { id in
                .object([
                    "type": .string("tool_use"), "id": .string(id), "name": .string("bash"),
                    "input": .object(["cmd": .string(id == "c1" ? "./dog_control forward 1m" : "ls")]),
                ])
            }
            let expected = JSONValue.array([
                .object([
                    "role": .string("user"),
                    "content": .array([.object(["type": .string("text"), "text": .string("Patrol.")])]),
                ]),
                .object(["role": .string("assistant"), "content": .array([use("c1"), use("c2")])]),
                .object([
                    "role": .string("user"),
                    "content": .array([
                        .object([
                            "type": .string("tool_result"), "tool_use_id": .string("c1"),
                            "content": .array([
                                .object(["type": .string("text"), "text": .string("(no content)")]),
                                image("image/jpeg", Self.frameBase64),
                            ]),
                        ]),
                        .object([
                            "type": .string("tool_result"), "tool_use_id": .string("c2"),
                            "content": .string("dog_control\nshutdown.sh"),
                        ]),
                        .object(["type": .string("text"), "text": .string("Here is the current camera view:")]),
                        image("image/png", Self.cameraBase64),
                    ]),
                ]),
            ])
            let body = try #require(try server.requests.first?.json())
            #expect(body["messages"] == expected)
            #expect(body["system"] == .string("You control a robot dog."))
        }
    }

    @Test("Gemini: inlineData parts after the functionResponse they came with, and after the user's text")
    func gemini() async throws {
        try await FakeProviderServer.with(replies: [GeminiProviderTests.finalReply]) { server in
            _ = try await GeminiProviderTests.provider(server)
                .generate(ModelRequest(messages: Self.conversation, tools: Self.tools))
            let inline: (String, String) -> JSONValue = { type, data in
                .object(["inlineData": .object(["mimeType": .string(type), "data": .string(data)])])
            }
            let response: (String) -> JSONValue = { content in
                .object([
                    "functionResponse": .object([
                        "name": .string("bash"), "response": .object(["content": .string(content)]),
                    ])
                ])
            }
            let call: (String) -> JSONValue = { command in
                .object([
                    "functionCall": .object(["name": .string("bash"), "args": .object(["cmd": .string(command)])])
                ])
            }
            let expected = JSONValue.array([
                GeminiProviderTests.userText("Patrol."),
                .object(["role": .string("model"), "parts": .array([call("./dog_control forward 1m"), call("ls")])]),
                .object([
                    "role": .string("user"),
                    "parts": .array([
                        response(""), inline("image/jpeg", Self.frameBase64), response("dog_control\nshutdown.sh"),
                    ]),
                ]),
                .object([
                    "role": .string("user"),
                    "parts": .array([
                        .object(["text": .string("Here is the current camera view:")]),
                        inline("image/png", Self.cameraBase64),
                    ]),
                ]),
            ])
            #expect(try server.requests.first?.json()["contents"] == expected)
        }
    }

    @Test("a conversation without images sends exactly what it sent before images existed")
    func withoutImagesUnchanged() async throws {
        let plain = Self.conversation.map { message in
            var message = message
            message.images = []
            return message
        }
        try await FakeProviderServer.with(replies: [OpenAIChatProviderTests.toolCallReply]) { server in
            _ = try await OpenAIChatProviderTests.provider(server, model: "gpt-4.1", effort: nil)
                .generate(ModelRequest(messages: plain, tools: Self.tools))
            guard case .array(let messages)? = try server.requests.first?.json()["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages.count == 6)
            #expect(messages[3]["content"] == .string(""))
            #expect(messages[5]["content"] == .string("Here is the current camera view:"))
        }
    }
}
