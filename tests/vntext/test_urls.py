"""Web and e-mail addresses read aloud."""
from __future__ import annotations

import doctest

import pytest

from vntext import urls as urls_module
from vntext.urls import read_label, read_urls_and_emails, split_syllables


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Bạn đọc xem chi tiết tại baoquangtri.vn.",
            "Bạn đọc xem chi tiết tại bao quang tri chấm vê en.",
        ),
        (
            "Video đăng trên https://www.qtv.vn/tin-tuc hôm qua.",
            "Video đăng trên quy tê vê chấm vê en gạch chéo tin gạch ngang tuc hôm qua.",
        ),
        (
            "Nộp hồ sơ qua http://dichvucong.quangtri.gov.vn/ trước ngày 30.",
            "Nộp hồ sơ qua dich vu cong chấm quang tri chấm gốp chấm vê en trước ngày 30.",
        ),
        (
            "Góp ý gửi về hòm thư toasoan@baoquangtri.vn, ghi rõ họ tên.",
            "Góp ý gửi về hòm thư toa soan a còng bao quang tri chấm vê en, ghi rõ họ tên.",
        ),
        (
            "Liên hệ qua địa chỉ ubnd_giolinh@quangtri.gov.vn",
            "Liên hệ qua địa chỉ ubnd gạch dưới gio linh a còng quang tri chấm gốp chấm vê en",
        ),
        ("Truy cập www.covid19.gov.vn để khai báo.", "Truy cập covid 19 chấm gốp chấm vê en để khai báo."),
        (
            "Tra cứu tại https://tracuu.example.com/ket-qua?ma=123&nam=2024.",
            "Tra cứu tại tra cuu chấm example chấm com gạch chéo ket gạch ngang qua chấm hỏi ma bằng 123 và nam bằng 2024.",
        ),
        ("(Nguồn: thanhnien.vn)", "(Nguồn: thanh nien chấm vê en)"),
    ],
)
def test_web_and_email_addresses_are_read(written: str, spoken: str) -> None:
    assert read_urls_and_emails(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn công tác vào TP.HCM làm việc.",
        "GS.TS. Lê Văn A phát biểu; trồng lúa, ngô, v.v.",
        "Tăng trưởng đạt 7.5 điểm, giá 1.500.000 đồng.",
        "Hội nghị tại Q.1 và TT.HĐND tỉnh.",
        "Câu hỏi cuối bài.Câu trả lời đầu bài.",
    ],
)
def test_text_without_addresses_is_left_alone(text: str) -> None:
    assert read_urls_and_emails(text) == text


@pytest.mark.parametrize(
    ("written", "split"),
    [
        ("quangtri", "quang tri"),
        ("nguoilaodong", "nguoi lao dong"),
        ("hanoimoi", "ha noi moi"),
        ("vnexpress", "vnexpress"),
        ("Quochoi", "Quoc hoi"),
        ("baochinhphu", "bao chinh phu"),
        ("tuoitre", "tuoi tre"),
        ("myphambichngoc", "my pham bich ngoc"),
        ("booking", "booking"),
        ("youtube", "youtube"),
        ("hotro", "ho tro"),
        ("giatri", "gia tri"),
        ("vanhoa", "van hoa"),
    ],
)
def test_split_syllables(written: str, split: str) -> None:
    assert split_syllables(written) == split


@pytest.mark.parametrize(
    ("label", "spoken"),
    [
        ("vn", "vê en"),
        ("gov", "gốp"),
        ("edu", "e đu"),
        ("net", "nét"),
        ("com", "com"),
        ("hcm", "hát xê em"),
        ("sggp", "ét giê giê pê"),
        ("vus", "vê u ét"),
        ("thanhnien", "thanh nien"),
        ("facebook", "facebook"),
    ],
)
def test_read_label(label: str, spoken: str) -> None:
    assert read_label(label) == spoken


def test_urls_docstring_examples() -> None:
    assert doctest.testmod(urls_module).failed == 0


@pytest.mark.parametrize(
    "label, spoken",
    [
        ("thitotnghiepthpt", "thi tot nghiep tê hát pê tê"),
        ("sotttt", "so tê tê tê tê"),
        ("ubnd", "ubnd"),  # one vowel before the consonants: no syllables to split off
        ("vnexpress", "vnexpress"),
    ],
)
def test_syllables_then_an_acronym_in_a_label(label, spoken):
    assert read_label(label) == spoken
