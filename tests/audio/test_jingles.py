import audioop

import pytest

from audio.jingles import default_intro, default_outro, default_stinger, load_jingle
from tests.support.audio_files import mp3_bytes


@pytest.mark.parametrize("make, seconds", [(default_intro, 2.4), (default_stinger, 0.9), (default_outro, 2.4)])
def test_default_jingles_are_audible_short_and_unclipped(make, seconds):
    clip = make(24000, 1)
    assert clip.duration == pytest.approx(seconds, abs=0.01)
    assert audioop.rms(clip.pcm, 2) > 1500
    assert audioop.max(clip.pcm, 2) < 32767 * 0.55
    # Fades in and out: no click at either end.
    assert abs(audioop.getsample(clip.pcm, 2, 0)) < 200
    assert audioop.max(clip.pcm[-200:], 2) < 200


def test_stereo_jingle_has_both_channels_equal():
    clip = default_stinger(48000, 2)
    assert clip.channels == 2 and clip.frames == 43200
    assert audioop.tomono(clip.pcm, 2, 1, 0) == audioop.tomono(clip.pcm, 2, 0, 1)


def test_station_jingle_file_is_decoded(tmp_path):
    path = tmp_path / "nhac-hieu.mp3"
    path.write_bytes(mp3_bytes(default_intro(24000, 1)))
    clip = load_jingle(path, 24000, 1)
    assert clip.duration == pytest.approx(2.4, abs=0.12)
    with pytest.raises(ValueError, match="unsupported"):
        load_jingle(tmp_path / "nhac.txt", 24000, 1)
