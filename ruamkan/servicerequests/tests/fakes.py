"""A LineMessenger that records what would have been sent and serves image content from memory."""

from __future__ import annotations

from typing import Any, ClassVar


class RecordingMessenger:
    replies: ClassVar[list[tuple[str, list[dict[str, Any]]]]] = []
    pushes: ClassVar[list[tuple[str, str]]] = []
    contents: ClassVar[dict[str, bytes]] = {}

    @classmethod
    def reset(cls) -> None:
        cls.replies.clear()
        cls.pushes.clear()
        cls.contents.clear()

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> None:
        self.replies.append((reply_token, messages))

    def push(self, user_id: str, text: str) -> None:
        self.pushes.append((user_id, text))

    def get_content(self, message_id: str) -> bytes:
        return self.contents[message_id]
