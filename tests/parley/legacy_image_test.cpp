// The legacy `image` path read as a media file of this service (net/parley/legacy_image.h):
// the accepted forms, and everything that could point the client elsewhere refused.
#include "net/parley/legacy_image.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr std::string_view kBase = "/clientApi/v1.9";

bool accepted(std::string_view image, net::parley::Media* media) {
    return net::parley::media_from_image_path(image, kBase, media) == hal::Status::kOk;
}

}  // namespace

TEST_GROUP(LegacyImage){};

TEST(LegacyImage, AMediaPathRelativeToTheBaseUrlGivesItsParts) {
    net::parley::Media media;
    media.description.assign("old");
    CHECK_TRUE(accepted("media/2024/05/01/abc_1.jpg", &media));
    CHECK_TRUE(media.present);
    STRCMP_EQUAL("2024", std::string(media.year.view()).c_str());
    STRCMP_EQUAL("05", std::string(media.month.view()).c_str());
    STRCMP_EQUAL("01", std::string(media.day.view()).c_str());
    STRCMP_EQUAL("abc_1.jpg", std::string(media.filename.view()).c_str());
    CHECK_TRUE(media.description.empty());
}

TEST(LegacyImage, ALeadingSlashOrTheBasePathInFrontIsTheSamePath) {
    net::parley::Media media;
    CHECK_TRUE(accepted("/media/2024/5/1/a.png", &media));
    STRCMP_EQUAL("a.png", std::string(media.filename.view()).c_str());
    CHECK_TRUE(accepted("/clientApi/v1.9/media/2024/5/1/b.png", &media));
    STRCMP_EQUAL("b.png", std::string(media.filename.view()).c_str());
}

TEST(LegacyImage, AnythingThatCouldLeadElsewhereIsRefused) {
    const char* const refused[] = {
        "",
        "https://evil.example/media/2024/05/01/a.jpg",
        "//evil.example/media/2024/05/01/a.jpg",
        "http:media/2024/05/01/a.jpg",
        "media/2024/05/01/a.jpg?x=1",
        "media/2024/05/01/a.jpg#top",
        "media/2024/05/01/..",
        "media/2024/05/01/.",
        "media/2024/05/01/a%2Fb.jpg",
        "media/2024/05/01/a\\b.jpg",
        "media/2024/05/01/a b.jpg",
        "media/2024/05/01/a.jpg/",
        "media/2024/05/01/x/a.jpg",
        "media/2024/05/a.jpg",
        "media/../05/01/a.jpg",
        "media/2024x/05/01/a.jpg",
        "media/20245/05/01/a.jpg",
        "media//05/01/a.jpg",
        "messages/2024/05/01/a.jpg",
        "/clientApi/v1.9media/2024/05/01/a.jpg",
        "/other/media/2024/05/01/a.jpg",
        "media/2024/05/01/a\x01.jpg",
        "media/2024/05/01/caf\xc3\xa9.jpg",
    };
    for (const char* image : refused) {
        net::parley::Media media;
        media.present = true;
        CHECK_EQUAL_TEXT(hal::Status::kInvalidArgument,
                         net::parley::media_from_image_path(image, kBase, &media), image);
        CHECK_FALSE_TEXT(media.present, image);
    }
}

TEST(LegacyImage, TheFileNameIsTheLastSegment) {
    STRCMP_EQUAL("a.jpg",
                 std::string(net::parley::image_file_name("media/2024/05/01/a.jpg")).c_str());
    STRCMP_EQUAL("a.jpg", std::string(net::parley::image_file_name("a.jpg")).c_str());
}
