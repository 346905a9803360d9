#include "firmware/settings/provision.h"

#include "hal/secure_wipe.h"

namespace firmware::settings {
namespace {

hal::Status check_text(std::string_view text, size_t capacity) {
    if (text.empty()) return hal::Status::kInvalidArgument;
    return text.size() > capacity ? hal::Status::kTooLarge : hal::Status::kOk;
}

// True when the stored credentials are exactly these. Unreadable ones (another device's
// image, a damaged record) count as different: provisioning is how they get repaired.
hal::Result<bool> already_provisioned(Settings& settings, std::string_view client_id,
                                      std::string_view client_secret) {
    Credentials stored;
    const hal::Status status = settings.read_credentials(stored);
    if (status == hal::Status::kNotFound || status == hal::Status::kCorrupt) return false;
    HAL_TRY(status);
    const bool same =
        stored.client_id.view() == client_id && stored.client_secret.view() == client_secret;
    stored.wipe();
    return same;
}

// True when the stored user string is exactly `auth` ("" for none). An unreadable one
// counts as different: provisioning again repairs it.
hal::Result<bool> same_user(Settings& settings, std::string_view auth) {
    UserAuth stored;
    const hal::Status status = settings.read_user_auth(stored);
    if (status == hal::Status::kNotFound) return auth.empty();
    if (status == hal::Status::kCorrupt) return false;
    HAL_TRY(status);
    const bool same = stored.view() == auth;
    stored.wipe();
    return same;
}

}  // namespace

hal::Status provision_user(Settings& settings, std::string_view auth) {
    if (!auth.empty()) {
        uint8_t checked[kUserAuthRecordMaxSize];
        const hal::Result<size_t> valid = encode_user_auth(auth, hal::ByteSpan(checked));
        hal::secure_wipe(checked, sizeof checked);
        HAL_TRY(valid.status());
    }
    HAL_ASSIGN_OR_RETURN(const bool same, same_user(settings, auth));
    if (same) return hal::Status::kOk;
    HAL_TRY(settings.clear_subscription());
    return auth.empty() ? settings.clear_user_auth() : settings.write_user_auth(auth);
}

hal::Status provision(Settings& settings, std::string_view client_id,
                      std::string_view client_secret) {
    HAL_TRY(check_text(client_id, kClientIdMaxSize));
    HAL_TRY(check_text(client_secret, kClientSecretMaxSize));
    HAL_ASSIGN_OR_RETURN(const bool same, already_provisioned(settings, client_id, client_secret));
    if (same) return hal::Status::kOk;
    HAL_TRY(settings.clear_token());
    HAL_TRY(settings.clear_subscription());
    return settings.write_credentials(client_id, client_secret);
}

}  // namespace firmware::settings
