// Attachments saved on the host (boards/host/download_folder.h): names from the network
// made safe, the folder created, a name taken never overwritten, nothing partial left.
#include "boards/host/download_folder.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "boards/host/app_options.h"

#include <CppUTest/TestHarness.h>

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> list(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return names;
    while (const dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    closedir(d);
    return names;
}

}  // namespace

TEST_GROUP(DownloadFolder) {
    std::string root;
    void setup() override {
        char path[] = "/tmp/parley-downloads-XXXXXX";
        CHECK_TRUE(mkdtemp(path) != nullptr);
        root = path;
    }
    void teardown() override {
        CHECK_EQUAL(0, std::system(("rm -rf '" + root + "'").c_str()));
    }
    // Saves `bytes` under `name` in `dir`; the path it went to.
    std::string save(const std::string& dir, const std::string& name, const std::string& bytes) {
        boards::host::DownloadFolder folder(dir);
        std::string error;
        CHECK_TRUE(folder.open(name, &error));
        CHECK_TRUE(folder.write(bytes.data(), bytes.size(), &error));
        CHECK_TRUE(folder.commit(&error));
        return folder.saved_as();
    }
};

TEST(DownloadFolder, NamesFromTheNetworkLoseSeparatorsDotsAndControls) {
    using boards::host::safe_file_name;
    STRCMP_EQUAL("photo.jpg", safe_file_name("photo.jpg").c_str());
    STRCMP_EQUAL("__", safe_file_name("..").c_str());
    STRCMP_EQUAL("_.._etc_passwd", safe_file_name("/../etc/passwd").c_str());
    STRCMP_EQUAL("_hidden", safe_file_name(".hidden").c_str());
    STRCMP_EQUAL("a_b_c_d.png", safe_file_name("a\\b\nc\x7f"
                                               "d.png")
                                    .c_str());
    STRCMP_EQUAL("caf\xc3\xa9.jpg", safe_file_name("caf\xc3\xa9.jpg").c_str());
    STRCMP_EQUAL("caf_.jpg", safe_file_name("caf\xe9.jpg").c_str());  // not UTF-8
    STRCMP_EQUAL("attachment", safe_file_name("").c_str());
    const std::string cut = safe_file_name(std::string(300, 'x') + ".jpeg");
    CHECK_EQUAL(boards::host::kMaxSafeFileNameBytes, cut.size());
    STRCMP_EQUAL(".jpeg", cut.substr(cut.size() - 5).c_str());
}

TEST(DownloadFolder, TheFolderIsCreatedAndTheFileHoldsTheBytes) {
    const std::string dir = root + "/a/b";
    const std::string bytes("\0\x01\xff image", 10);
    const std::string path = save(dir, "photo.jpg", bytes);
    STRCMP_EQUAL((dir + "/photo.jpg").c_str(), path.c_str());
    CHECK_TRUE(read_file(path) == bytes);
}

TEST(DownloadFolder, ANameTakenIsNeverOverwritten) {
    CHECK_EQUAL(root + "/photo.jpg", save(root, "photo.jpg", "first"));
    CHECK_EQUAL(root + "/photo-1.jpg", save(root, "photo.jpg", "second"));
    CHECK_EQUAL(root + "/photo-2.jpg", save(root, "photo.jpg", "third"));
    CHECK_EQUAL(root + "/notes", save(root, "notes", "a"));
    CHECK_EQUAL(root + "/notes-1", save(root, "notes", "b"));
    STRCMP_EQUAL("first", read_file(root + "/photo.jpg").c_str());
    STRCMP_EQUAL("second", read_file(root + "/photo-1.jpg").c_str());
}

TEST(DownloadFolder, ADiscardedDownloadLeavesNothing) {
    {
        boards::host::DownloadFolder folder(root);
        std::string error;
        CHECK_TRUE(folder.open("part.pdf", &error));
        CHECK_TRUE(folder.write("abc", 3, &error));
        CHECK_EQUAL(1U, list(root).size());  // the hidden temporary file
        folder.discard();
    }
    CHECK_EQUAL(0U, list(root).size());
    {
        boards::host::DownloadFolder folder(root);  // dropped unfinished: the same
        std::string error;
        CHECK_TRUE(folder.open("part.pdf", &error));
    }
    CHECK_EQUAL(0U, list(root).size());
}

TEST(DownloadFolder, AFolderThatIsAFileIsRefusedWithTheReason) {
    const std::string file = root + "/plain";
    std::ofstream(file) << "x";
    boards::host::DownloadFolder folder(file);
    std::string error;
    CHECK_FALSE(folder.open("a.jpg", &error));
    CHECK_TRUE(error.find(file) != std::string::npos);
}

TEST(DownloadFolder, TheLimitIsWholeMebibytesFromOneToSixteen) {
    uint64_t bytes = 0;
    std::string error;
    CHECK_TRUE(boards::host::download_limit_bytes("", &bytes, &error));
    CHECK_EQUAL(10ULL * 1024 * 1024, bytes);
    CHECK_TRUE(boards::host::download_limit_bytes("16", &bytes, &error));
    CHECK_EQUAL(16ULL * 1024 * 1024, bytes);
    for (const char* bad : {"0", "17", "-1", "2.5", "ten", "1x"}) {
        CHECK_FALSE_TEXT(boards::host::download_limit_bytes(bad, &bytes, &error), bad);
    }
    CHECK_TRUE(error.find("1x") != std::string::npos);
}
